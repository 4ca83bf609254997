#include "app/local_tokens.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/auth/jwt_signer.h"
#include "platform/core/ids.h"
#include "platform/core/secret_file.h"

namespace sagashop::app {
namespace {

std::int64_t UnixSeconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const std::string& scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += scope;
  }
  return joined;
}

}  // namespace

LocalKeyFiles LocalKeyFilesIn(const std::string& data_dir) {
  const std::filesystem::path folder = std::filesystem::path(data_dir) / "keys";
  return {.private_key = folder / "token-signing-key.pem",
          .public_keys = folder / "token-public-keys.pem"};
}

LocalKeyFiles EnsureLocalKey(const std::string& data_dir) {
  LocalKeyFiles files = LocalKeyFilesIn(data_dir);
  if (!std::filesystem::exists(files.private_key)) {
    // Two processes starting at once: the first private key written wins, and the public key is
    // always derived from the private key on disk, so the pair never mismatches.
    core::CreateSecretFile(files.private_key, auth::GenerateEcKeyPairPem().private_pem);
  }
  if (!std::filesystem::exists(files.public_keys)) {
    const auth::JwtSigner signer(core::ReadWholeFile(files.private_key));
    core::CreateSecretFile(files.public_keys, signer.PublicPem());
  }
  return files;
}

std::string IssueLocalToken(const std::string& data_dir, const TokenSpec& spec) {
  const auth::JwtSigner signer(core::ReadWholeFile(EnsureLocalKey(data_dir).private_key));
  const auto now = std::chrono::system_clock::now();
  boost::json::object claims{{"iss", spec.issuer},
                             {"aud", spec.audience},
                             {"sub", spec.subject},
                             {"iat", UnixSeconds(now)},
                             {"exp", UnixSeconds(now + spec.lifetime)},
                             {"jti", NewUuid()}};
  if (!spec.scopes.empty()) claims["scope"] = JoinScopes(spec.scopes);
  return signer.Sign(claims);
}

std::string CommandAuthorization(const Settings& settings) {
  if (!settings.auth.token.empty()) return "Bearer " + settings.auth.token;
  if (settings.insecure || !settings.auth.keys.empty() || !settings.Embedded() ||
      !std::filesystem::exists(LocalKeyFilesIn(settings.storage.data_dir).private_key)) {
    return {};
  }
  return "Bearer " +
         IssueLocalToken(settings.storage.data_dir, {.subject = "sagashop-cli",
                                                     .scopes = {"ops", "inventory:write"},
                                                     .audience = settings.auth.audience});
}

}  // namespace sagashop::app
