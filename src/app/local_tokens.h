#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "app/settings.h"

namespace sagashop::app {

// Embedded mode's own token issuer (docs/security.md, Secure by default): with no identity
// provider configured, the first start makes a P-256 key pair in the data folder, the services
// accept tokens signed with it, and `sagashop token` signs them. Whoever can read the data folder
// can therefore make tokens, as they could read the data itself.

inline constexpr std::string_view kLocalIssuer = "sagashop-local";

struct LocalKeyFiles {
  std::filesystem::path private_key;  // PKCS #8 PEM, owner-only
  std::filesystem::path public_keys;  // the matching public key, what --auth-keys would name
};

// Where the key pair of `data_dir` lives.
LocalKeyFiles LocalKeyFilesIn(const std::string& data_dir);
// The key pair of `data_dir`, made now when it has none. Throws std::runtime_error when the files
// cannot be written or read.
LocalKeyFiles EnsureLocalKey(const std::string& data_dir);

struct TokenSpec {
  std::string subject;              // a user id for a customer
  std::vector<std::string> scopes;  // "ops", "inventory:write"
  std::chrono::seconds lifetime = std::chrono::hours(1);
  std::string issuer{kLocalIssuer};
  std::string audience = "sagashop";
};

// A token signed with the local key of `data_dir` (made if missing).
std::string IssueLocalToken(const std::string& data_dir, const TokenSpec& spec);

// The `Authorization` value commands send to a running system: --token, else an operator's token
// from the local key when the data folder has one (and authentication is on), else empty.
std::string CommandAuthorization(const Settings& settings);

}  // namespace sagashop::app
