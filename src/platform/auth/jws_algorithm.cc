#include "platform/auth/jws_algorithm.h"

#include <string>

#include "platform/auth/ecdsa_signature.h"

namespace sagashop::auth {

std::optional<JwsAlgorithm> SupportedAlgorithm(std::string_view alg) {
  if (alg == "RS256") return JwsAlgorithm::kRs256;
  if (alg == "ES256") return JwsAlgorithm::kEs256;
  return std::nullopt;
}

KeyType KeyTypeFor(JwsAlgorithm algorithm) {
  return algorithm == JwsAlgorithm::kRs256 ? KeyType::kRsa : KeyType::kEcP256;
}

bool SignatureIsValid(JwsAlgorithm algorithm, EVP_PKEY* key, std::string_view signing_input,
                      std::string_view signature) {
  std::string der;
  if (algorithm == JwsAlgorithm::kEs256) {
    std::optional<std::string> converted = EcdsaRawToDer(signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  const EvpMdCtx context(EVP_MD_CTX_new());
  if (!context) throw std::bad_alloc();
  // RSA keys verify with PKCS #1 v1.5 padding unless told otherwise, which is what RS256 is.
  const bool valid =
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(
          context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
          reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
  // A failed verification leaves errors behind that must not surface in an unrelated place.
  TakeOpenSslError("");
  return valid;
}

}  // namespace sagashop::auth
