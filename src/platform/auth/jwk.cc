#include "platform/auth/jwk.h"

#include <openssl/core_names.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>
#include <string_view>

#include "platform/core/base64.h"

namespace sagashop::auth {
namespace {

// RFC 7518 §6.2.1.2: each P-256 coordinate is exactly 32 bytes, leading zeros kept.
constexpr std::size_t kP256CoordinateBytes = 32;

std::string RequiredString(const boost::json::object& jwk, std::string_view name) {
  const boost::json::value* value = jwk.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    throw std::invalid_argument("member \"" + std::string(name) + "\" is missing or not a string");
  }
  return std::string(value->get_string());
}

std::string Base64UrlMember(const boost::json::object& jwk, std::string_view name) {
  std::optional<std::string> bytes = Base64UrlDecode(RequiredString(jwk, name));
  if (!bytes || bytes->empty()) {
    throw std::invalid_argument("member \"" + std::string(name) + "\" is not base64url");
  }
  return *bytes;
}

Bignum BignumFrom(const std::string& bytes) {
  Bignum number(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()), nullptr));
  if (!number) throw std::bad_alloc();
  return number;
}

EvpPkey KeyFromParams(const char* type, const OSSL_PARAM* params) {
  const EvpPkeyCtx context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY,
                        const_cast<OSSL_PARAM*>(params)) != 1) {
    throw std::invalid_argument(std::string("OpenSSL refused the ") + type +
                                " key: " + TakeOpenSslError("no reason given"));
  }
  return EvpPkey(key);
}

Params BuiltParams(OSSL_PARAM_BLD* builder) {
  Params params(OSSL_PARAM_BLD_to_param(builder));
  if (!params) throw std::bad_alloc();
  return params;
}

EvpPkey RsaKeyFromJwk(const boost::json::object& jwk) {
  const Bignum n = BignumFrom(Base64UrlMember(jwk, "n"));
  const Bignum e = BignumFrom(Base64UrlMember(jwk, "e"));
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    throw std::bad_alloc();
  }
  return KeyFromParams("RSA", BuiltParams(builder.get()).get());
}

EvpPkey EcKeyFromJwk(const boost::json::object& jwk) {
  const std::string curve = RequiredString(jwk, "crv");
  if (curve != "P-256") {
    throw std::invalid_argument("curve \"" + curve + "\" is not supported (P-256 only)");
  }
  const std::string x = Base64UrlMember(jwk, "x");
  const std::string y = Base64UrlMember(jwk, "y");
  if (x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes) {
    throw std::invalid_argument("P-256 coordinates must be 32 bytes each");
  }
  // SEC 1 uncompressed point: 0x04 || x || y.
  const std::string point = '\x04' + x + y;
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    throw std::bad_alloc();
  }
  return KeyFromParams("EC", BuiltParams(builder.get()).get());
}

std::string BignumParam(const EVP_PKEY* key, const char* name, std::size_t padded_to = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
    throw std::invalid_argument(std::string("key has no parameter ") + name);
  }
  const Bignum number(raw);
  const std::size_t length =
      padded_to != 0 ? padded_to : static_cast<std::size_t>(BN_num_bytes(number.get()));
  std::string bytes(length, '\0');
  if (BN_bn2binpad(number.get(), reinterpret_cast<unsigned char*>(bytes.data()),
                   static_cast<int>(length)) < 0) {
    throw std::invalid_argument(std::string("key parameter ") + name + " is too large");
  }
  return bytes;
}

}  // namespace

EvpPkey PublicKeyFromJwk(const boost::json::object& jwk) {
  const std::string type = RequiredString(jwk, "kty");
  if (type == "RSA") return RsaKeyFromJwk(jwk);
  if (type == "EC") return EcKeyFromJwk(jwk);
  throw std::invalid_argument("kty \"" + type + "\" is not supported (RSA or EC)");
}

boost::json::object RequiredJwkMembers(const EVP_PKEY* key) {
  boost::json::object members;
  if (EVP_PKEY_is_a(key, "RSA")) {
    members["e"] = Base64UrlEncode(BignumParam(key, OSSL_PKEY_PARAM_RSA_E));
    members["kty"] = "RSA";
    members["n"] = Base64UrlEncode(BignumParam(key, OSSL_PKEY_PARAM_RSA_N));
    return members;
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    members["crv"] = "P-256";
    members["kty"] = "EC";
    members["x"] =
        Base64UrlEncode(BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes));
    members["y"] =
        Base64UrlEncode(BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes));
    return members;
  }
  throw std::invalid_argument("only RSA and EC keys have a JWK form here");
}

std::string JwkThumbprint(const EVP_PKEY* key) {
  // The members are inserted in lexicographic order and hold only base64url and plain names, so
  // the serializer's output is the canonical form RFC 7638 §3.3 hashes.
  const std::string canonical = boost::json::serialize(RequiredJwkMembers(key));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed: " + TakeOpenSslError("no reason given"));
  }
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace sagashop::auth
