#include "platform/auth/jwt_signer.h"

#include <openssl/pem.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "platform/auth/ecdsa_signature.h"
#include "platform/auth/jwk.h"
#include "platform/auth/verification_key.h"
#include "platform/core/base64.h"

namespace sagashop::auth {
namespace {

std::string PrivatePem(EVP_PKEY* key) {
  const Bio bio = WritableBio();
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("cannot write the private key: " + TakeOpenSslError("no reason"));
  }
  return BioContents(bio.get());
}

std::string PublicPemOf(EVP_PKEY* key) {
  const Bio bio = WritableBio();
  if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    throw std::runtime_error("cannot write the public key: " + TakeOpenSslError("no reason"));
  }
  return BioContents(bio.get());
}

}  // namespace

EcKeyPairPem GenerateEcKeyPairPem() {
  const EvpPkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key)
    throw std::runtime_error("cannot generate a P-256 key: " + TakeOpenSslError("no reason"));
  return EcKeyPairPem{PrivatePem(key.get()), PublicPemOf(key.get())};
}

JwtSigner::JwtSigner(std::string_view private_pem) {
  const Bio bio = ReadOnlyBio(private_pem);
  key_.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key_) {
    throw std::invalid_argument("JWT signing key: not a PEM private key: " +
                                TakeOpenSslError("no reason"));
  }
  if (!EVP_PKEY_is_a(key_.get(), "EC") || CheckedKeyType(key_.get()) != KeyType::kEcP256) {
    throw std::invalid_argument("JWT signing key: not an EC P-256 key");
  }
  kid_ = JwkThumbprint(key_.get());
}

std::string JwtSigner::Sign(const boost::json::object& claims) const {
  const boost::json::object header{{"alg", "ES256"}, {"typ", "JWT"}, {"kid", kid_}};
  const std::string signing_input = Base64UrlEncode(boost::json::serialize(header)) + "." +
                                    Base64UrlEncode(boost::json::serialize(claims));
  const EvpMdCtx context(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!context ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed: " + TakeOpenSslError("no reason"));
  }
  std::string der(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed: " + TakeOpenSslError("no reason"));
  }
  der.resize(length);
  const std::optional<std::string> raw = EcdsaDerToRaw(der);
  if (!raw) throw std::runtime_error("ES256 signing produced no valid signature");
  return signing_input + "." + Base64UrlEncode(*raw);
}

std::string JwtSigner::PublicPem() const {
  return PublicPemOf(key_.get());
}

}  // namespace sagashop::auth
