#pragma once

#include <string>

namespace sagashop::testing {

// Creates and drops whole databases on the test server (statements that cannot run inside a
// transaction, so they bypass the database port).
class PgAdmin {
 public:
  explicit PgAdmin(std::string admin_uri) : admin_uri_(std::move(admin_uri)) {}

  void CreateDatabase(const std::string& name) const;
  void DropDatabase(const std::string& name) const;  // terminates its sessions first
  // The server's URI without a database (its parameters, such as TLS's, kept).
  std::string ServerUri() const;
  // The admin URI with its database replaced by `name`.
  std::string UriOf(const std::string& name) const;

 private:
  void Execute(const std::string& sql) const;

  std::string admin_uri_;
};

}  // namespace sagashop::testing
