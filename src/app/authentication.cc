#include "app/authentication.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <fstream>
#include <memory>

#include "platform/auth/bearer_authenticator.h"
#include "platform/auth/key_set.h"

namespace sagashop::app {
namespace {

// A JWK Set is a JSON object; anything else is read as PEM.
bool LooksLikeJson(const std::string& path) {
  std::ifstream file(path);
  char first = 0;
  while (file.get(first)) {
    if (!std::isspace(static_cast<unsigned char>(first))) return first == '{';
  }
  return false;
}

}  // namespace

http::Authenticator MakeAuthenticator(const Settings& settings) {
  if (settings.auth_keys.empty()) {
    spdlog::warn(
        "authentication is off: every API route is open to whoever can reach it (set "
        "--auth-keys and --auth-issuer)");
    return {};
  }
  auth::KeySet keys = LooksLikeJson(settings.auth_keys)
                          ? auth::KeySet::FromJwksFile(settings.auth_keys)
                          : auth::KeySet::FromPemFile(settings.auth_keys);
  auto verifier = std::make_shared<const auth::JwtVerifier>(
      std::move(keys),
      auth::JwtPolicy{.issuer = settings.auth_issuer, .audience = settings.auth_audience});
  spdlog::info("API routes require bearer tokens of {} for {}, signed with the keys in {}",
               settings.auth_issuer, settings.auth_audience, settings.auth_keys);
  return auth::BearerAuthenticator(std::move(verifier));
}

}  // namespace sagashop::app
