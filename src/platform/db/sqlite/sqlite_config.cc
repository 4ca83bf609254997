#include "platform/db/sqlite/sqlite_config.h"

#include <stdexcept>

#include "platform/core/require_config.h"

namespace sagashop::db {

void SqliteConfig::Validate() const {
  RequireConfig("sqlite", !path.empty(), "path is empty");
  RequireConfig("sqlite", path != ":memory:" && path.rfind("file:", 0) != 0,
                "path must name a database file, got '" + path + "'");
  RequireConfig("sqlite", path.back() != '/', "path names a directory, not a file: '" + path + "'");
  RequireConfig("sqlite", busy_timeout.count() >= 0, "busy_timeout must not be negative");
  RequireConfig("sqlite", max_connections >= 1,
                "max_connections must be at least 1, got " + std::to_string(max_connections));
  RequireConfig("sqlite", acquire_timeout.count() > 0, "acquire_timeout must be positive");
}

}  // namespace sagashop::db
