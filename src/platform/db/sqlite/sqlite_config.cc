#include "platform/db/sqlite/sqlite_config.h"

#include <stdexcept>

namespace sagashop::db {
namespace {

void Require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument("sqlite config: " + message);
}

}  // namespace

void SqliteConfig::Validate() const {
  Require(!path.empty(), "path is empty");
  Require(path != ":memory:" && path.rfind("file:", 0) != 0,
          "path must name a database file, got '" + path + "'");
  Require(path.back() != '/', "path names a directory, not a file: '" + path + "'");
  Require(busy_timeout.count() >= 0, "busy_timeout must not be negative");
  Require(max_connections >= 1,
          "max_connections must be at least 1, got " + std::to_string(max_connections));
  Require(acquire_timeout.count() > 0, "acquire_timeout must be positive");
}

}  // namespace sagashop::db
