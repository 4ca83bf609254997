#include "platform/auth/openssl_handles.h"

#include <openssl/err.h>

#include <climits>
#include <stdexcept>

namespace sagashop::auth {

Bio ReadOnlyBio(std::string_view bytes) {
  if (bytes.size() > INT_MAX) throw std::invalid_argument("too large for OpenSSL");
  Bio bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) throw std::bad_alloc();
  return bio;
}

Bio WritableBio() {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio) throw std::bad_alloc();
  return bio;
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string TakeOpenSslError(std::string_view fallback) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return std::string(fallback);
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace sagashop::auth
