#include "platform/db/postgres/pg_connection_pool.h"

#include <string>

#include "platform/db/db_error.h"

namespace sagashop::db {

std::shared_ptr<PgConnectionPool> CreatePgConnectionPool(const PgConfig& config) {
  pool::PoolLimits limits;
  limits.max_open = config.max_open;
  limits.max_idle = config.max_idle;
  limits.max_lifetime = config.max_lifetime;
  limits.max_idle_time = config.max_idle_time;
  limits.acquire_timeout = config.acquire_timeout;

  PgConnectionPool::Hooks hooks;
  hooks.open = [config] { return PgConnection::Open(config); };
  hooks.reusable = [](const PgConnection& connection) {
    return !connection.IsBroken() && connection.IsIdle();
  };
  hooks.throw_exhausted = [](const std::string& reason) {
    throw DbError(DbError::Kind::kTransient, "postgres: " + reason);
  };
  return PgConnectionPool::Create(limits, std::move(hooks));
}

}  // namespace sagashop::db
