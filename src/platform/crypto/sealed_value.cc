#include "platform/crypto/sealed_value.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "platform/core/base64.h"

namespace sagashop::crypto {
namespace {

constexpr int kNonceBytes = 12;  // 96 bits, GCM's native nonce size
constexpr int kTagBytes = 16;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

CipherCtx NewContext() {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw SealedValueError("OpenSSL could not allocate a cipher context");
  return ctx;
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* Bytes(std::string& text) {
  return reinterpret_cast<unsigned char*>(text.data());
}

// "enc:v1:<id>": what the tag authenticates besides the ciphertext.
std::string Header(std::string_view key_id) {
  return std::string(kSealedPrefix) + std::string(key_id);
}

}  // namespace

bool IsSealed(std::string_view stored) {
  return stored.starts_with(kSealedPrefix);
}

std::optional<std::string> SealedKeyId(std::string_view stored) {
  if (!IsSealed(stored)) return std::nullopt;
  stored.remove_prefix(kSealedPrefix.size());
  const auto colon = stored.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return std::string(stored.substr(0, colon));
}

std::string Seal(const DataKey& key, std::string_view plaintext) {
  std::string nonce(kNonceBytes, '\0');
  if (RAND_bytes(Bytes(nonce), kNonceBytes) != 1) {
    throw SealedValueError("OpenSSL could not generate a nonce");
  }
  const std::string header = Header(key.id);
  const CipherCtx ctx = NewContext();
  std::string body = nonce;
  body.resize(nonce.size() + plaintext.size() + kTagBytes);
  int length = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key.secret), Bytes(nonce)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &length, Bytes(header),
                              static_cast<int>(header.size())) == 1;
  int written = 0;
  if (ok && !plaintext.empty()) {
    ok = EVP_EncryptUpdate(ctx.get(), Bytes(body) + kNonceBytes, &length, Bytes(plaintext),
                           static_cast<int>(plaintext.size())) == 1;
    written = length;
  }
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), Bytes(body) + kNonceBytes + written, &length) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                           Bytes(body) + kNonceBytes + plaintext.size()) == 1;
  if (!ok) throw SealedValueError("OpenSSL could not seal a value with key '" + key.id + "'");
  return header + ":" + Base64UrlEncode(body);
}

std::string Unseal(const KeyRing& ring, std::string_view sealed) {
  const std::optional<std::string> key_id = SealedKeyId(sealed);
  if (!key_id) throw SealedValueError("not a sealed value (expected enc:v1:<key id>:<data>)");
  const DataKey* key = ring.Find(*key_id);
  if (key == nullptr) {
    throw SealedValueError("a value is sealed under data key '" + *key_id +
                           "', which the key file does not hold");
  }
  const std::string header = Header(*key_id);
  const std::optional<std::string> body = Base64UrlDecode(sealed.substr(header.size() + 1));
  if (!body || body->size() < static_cast<std::size_t>(kNonceBytes) + kTagBytes) {
    throw SealedValueError("a value sealed under data key '" + *key_id + "' is malformed");
  }
  const std::size_t text_size = body->size() - kNonceBytes - kTagBytes;
  std::string tag = body->substr(kNonceBytes + text_size);
  std::string plaintext(text_size, '\0');
  const CipherCtx ctx = NewContext();
  int length = 0;
  bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key->secret), Bytes(*body)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, Bytes(header),
                        static_cast<int>(header.size())) == 1;
  int read = 0;
  if (ok && text_size > 0) {
    ok = EVP_DecryptUpdate(ctx.get(), Bytes(plaintext), &length, Bytes(*body) + kNonceBytes,
                           static_cast<int>(text_size)) == 1;
    read = length;
  }
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, Bytes(tag)) == 1 &&
       EVP_DecryptFinal_ex(ctx.get(), Bytes(plaintext) + read, &length) == 1;
  if (!ok) {
    throw SealedValueError("a value sealed under data key '" + *key_id +
                           "' fails authentication (altered, or sealed under another key)");
  }
  return plaintext;
}

}  // namespace sagashop::crypto
