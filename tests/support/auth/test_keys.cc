#include "support/auth/test_keys.h"

#include <openssl/pem.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "platform/auth/jwk.h"

namespace sagashop::auth::testing {

EvpPkey NewRsaKey(unsigned bits) {
  EvpPkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits)));
  if (!key) throw std::runtime_error("RSA key generation failed");
  return key;
}

EvpPkey NewP256Key() {
  EvpPkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) throw std::runtime_error("P-256 key generation failed");
  return key;
}

std::string PublicPem(EVP_PKEY* key) {
  const Bio bio = WritableBio();
  if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) throw std::runtime_error("PEM_write_bio_PUBKEY");
  return BioContents(bio.get());
}

std::string PrivatePem(EVP_PKEY* key) {
  const Bio bio = WritableBio();
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("PEM_write_bio_PrivateKey");
  }
  return BioContents(bio.get());
}

boost::json::object PublicJwk(EVP_PKEY* key, std::string_view kid,
                              const boost::json::object& extra) {
  boost::json::object jwk = RequiredJwkMembers(key);
  jwk["kid"] = kid;
  for (const auto& member : extra) jwk[member.key()] = member.value();
  return jwk;
}

std::string Jwks(const boost::json::array& keys) {
  return boost::json::serialize(boost::json::object{{"keys", keys}});
}

}  // namespace sagashop::auth::testing
