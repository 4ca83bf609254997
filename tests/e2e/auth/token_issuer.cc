#include "e2e/auth/token_issuer.h"

#include <unistd.h>

#include <atomic>
#include <fstream>

namespace sagashop::testing {

namespace {

// A key file of its own for every issuer, also across test processes running side by side.
std::filesystem::path NewKeysFile() {
  static std::atomic<int> issued{0};
  return std::filesystem::temp_directory_path() /
         ("sagashop-issuer-keys-" + std::to_string(::getpid()) + "-" + std::to_string(++issued) +
          ".pem");
}

}  // namespace

TokenIssuer::TokenIssuer()
    : pair_(auth::GenerateEcKeyPairPem()), signer_(pair_.private_pem), keys_file_(NewKeysFile()) {
  std::ofstream(keys_file_) << pair_.public_pem;
}

TokenIssuer::~TokenIssuer() {
  std::error_code ignored;
  std::filesystem::remove(keys_file_, ignored);
}

std::vector<std::string> TokenIssuer::SystemFlags() const {
  return {"--auth-keys=" + keys_file_.string(), std::string("--auth-issuer=") + kIssuer};
}

std::int64_t TokenIssuer::SecondsFromNow(std::chrono::seconds offset) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             (std::chrono::system_clock::now() + offset).time_since_epoch())
      .count();
}

boost::json::object TokenIssuer::Claims(const std::string& subject, std::chrono::seconds lifetime) {
  return {
      {"iss", kIssuer}, {"aud", "sagashop"}, {"sub", subject}, {"exp", SecondsFromNow(lifetime)}};
}

http::HttpClient::Headers TokenIssuer::BearerFor(const std::string& subject,
                                                 const std::string& scope) const {
  boost::json::object claims = Claims(subject);
  if (!scope.empty()) claims["scope"] = scope;
  return {{"Authorization", "Bearer " + Sign(claims)}};
}

}  // namespace sagashop::testing
