#include "support/auth/test_tokens.h"

#include <openssl/hmac.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "platform/auth/ecdsa_signature.h"
#include "platform/core/base64.h"

namespace sagashop::auth::testing {

std::string Part(const boost::json::object& json) {
  return Base64UrlEncode(boost::json::serialize(json));
}

std::string Assemble(std::string_view header, std::string_view payload,
                     std::string_view signature) {
  return std::string(header) + "." + std::string(payload) + "." + std::string(signature);
}

namespace {

std::string SignSha256(std::string_view input, EVP_PKEY* private_key) {
  const EvpMdCtx context(EVP_MD_CTX_new());
  std::size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, private_key) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, data, input.size()) != 1) {
    throw std::runtime_error("signing failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     data, input.size()) != 1) {
    throw std::runtime_error("signing failed");
  }
  signature.resize(length);
  return signature;
}

}  // namespace

std::string SignRs256(const boost::json::object& header, const boost::json::object& claims,
                      EVP_PKEY* private_key) {
  const std::string input = Part(header) + "." + Part(claims);
  return input + "." + Base64UrlEncode(SignSha256(input, private_key));
}

std::string SignEs256(const boost::json::object& header, const boost::json::object& claims,
                      EVP_PKEY* private_key) {
  return SignEs256Bytes(header, boost::json::serialize(claims), private_key);
}

std::string SignEs256Bytes(const boost::json::object& header, std::string_view payload,
                           EVP_PKEY* private_key) {
  const std::string input = Part(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(*EcdsaDerToRaw(SignSha256(input, private_key)));
}

std::string SignHs256(const boost::json::object& header, const boost::json::object& claims,
                      std::string_view secret) {
  const std::string input = Part(header) + "." + Part(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
           &length) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return input + "." + Base64UrlEncode(std::string_view(reinterpret_cast<char*>(mac), length));
}

}  // namespace sagashop::auth::testing
