#include "platform/db/sqlite/sqlite_connection_pool.h"

#include <string>

#include "platform/db/db_error.h"

namespace sagashop::db {

std::shared_ptr<SqliteConnectionPool> CreateSqliteConnectionPool(const SqliteConfig& config,
                                                                 int max_connections) {
  pool::PoolLimits limits;
  limits.max_open = max_connections > 0 ? max_connections : config.max_connections;
  limits.max_idle = limits.max_open;
  limits.acquire_timeout = config.acquire_timeout;

  SqliteConnectionPool::Hooks hooks;
  hooks.open = [config] { return SqliteConnection::Open(config); };
  hooks.reusable = [](const SqliteConnection& connection) { return connection.IsIdle(); };
  hooks.throw_exhausted = [path = config.path](const std::string& reason) {
    throw DbError(DbError::Kind::kTransient, "sqlite: '" + path + "': " + reason);
  };
  return SqliteConnectionPool::Create(limits, std::move(hooks));
}

}  // namespace sagashop::db
