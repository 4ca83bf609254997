#include "platform/auth/ecdsa_signature.h"

#include "platform/auth/openssl_handles.h"

namespace sagashop::auth {
namespace {

constexpr std::size_t kP256ScalarBytes = 32;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 2 * kP256ScalarBytes) return std::nullopt;
  Bignum r(BN_bin2bn(Bytes(raw), kP256ScalarBytes, nullptr));
  Bignum s(BN_bin2bn(Bytes(raw) + kP256ScalarBytes, kP256ScalarBytes, nullptr));
  const EcdsaSig signature(ECDSA_SIG_new());
  if (!r || !s || !signature) throw std::bad_alloc();
  // On success ECDSA_SIG_set0 takes r and s over.
  if (ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) throw std::bad_alloc();
  static_cast<void>(r.release());
  static_cast<void>(s.release());
  const int length = i2d_ECDSA_SIG(signature.get(), nullptr);
  if (length <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(length), '\0');
  unsigned char* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(signature.get(), &out) != length) return std::nullopt;
  return der;
}

std::optional<std::string> EcdsaDerToRaw(std::string_view der) {
  const unsigned char* in = Bytes(der);
  const EcdsaSig signature(d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(der.size())));
  if (!signature || in != Bytes(der) + der.size()) return std::nullopt;
  std::string raw(2 * kP256ScalarBytes, '\0');
  unsigned char* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), out, kP256ScalarBytes) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), out + kP256ScalarBytes, kP256ScalarBytes) <
          0) {
    return std::nullopt;
  }
  return raw;
}

}  // namespace sagashop::auth
