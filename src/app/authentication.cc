#include "app/authentication.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <fstream>
#include <memory>

#include "app/local_tokens.h"
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
  if (settings.insecure) {
    spdlog::warn(
        "--insecure: authentication is off, every API route is open to whoever can reach it");
    return {};
  }
  std::string keys_file = settings.auth.keys;
  std::string issuer = settings.auth.issuer;
  if (keys_file.empty()) {
    // Validate() let no other mode through without keys: this is embedded mode's own key.
    keys_file = EnsureLocalKey(settings.storage.data_dir).public_keys.string();
    if (issuer.empty()) issuer = kLocalIssuer;
    spdlog::info(
        "API routes require bearer tokens signed with this system's own key ({}); print one "
        "with `sagashop token --user <id>`",
        keys_file);
  }
  auth::KeySet keys = LooksLikeJson(keys_file) ? auth::KeySet::FromJwksFile(keys_file)
                                               : auth::KeySet::FromPemFile(keys_file);
  auto verifier = std::make_shared<const auth::JwtVerifier>(
      std::move(keys), auth::JwtPolicy{.issuer = issuer, .audience = settings.auth.audience});
  spdlog::info("API routes require bearer tokens of {} for {}, signed with the keys in {}", issuer,
               settings.auth.audience, keys_file);
  return auth::BearerAuthenticator(std::move(verifier));
}

}  // namespace sagashop::app
