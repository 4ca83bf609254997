#include "platform/db/postgres/pg_connection_source.h"

#include "platform/db/db_error.h"

namespace sagashop::db {

PgConnectionSource::PgConnectionSource(const PgConfig& config)
    : on_acquired_(config.on_acquired),
      max_idle_(config.max_idle),
      pool_(CreatePgConnectionPool(config)) {}

PgPooledConnection PgConnectionSource::Acquire() {
  if (!on_acquired_) return pool_->Acquire();
  const auto started = std::chrono::steady_clock::now();
  try {
    PgPooledConnection connection = pool_->Acquire();
    on_acquired_(std::chrono::steady_clock::now() - started);
    return connection;
  } catch (const DbError&) {
    on_acquired_(std::chrono::steady_clock::now() - started);
    throw;
  }
}

PgPooledConnection PgConnectionSource::AcquireAndRun(
    const std::function<void(PgConnection&)>& run) {
  // At most max_idle connections can be stale, so the try after them gets a fresh connection.
  for (int attempt = 0;; ++attempt) {
    PgPooledConnection connection = Acquire();
    try {
      run(*connection);
      return connection;
    } catch (const DbError&) {
      const bool stale = connection.WasReused() && connection->IsBroken();
      if (!stale || attempt >= max_idle_) throw;
    }
  }
}

PgPooledConnection PgConnectionSource::AcquireLive() {
  return AcquireAndRun([](PgConnection& connection) {
    if (!connection.HeardNothingWhileIdle()) {
      throw DbError(DbError::Kind::kTransient, "postgres: the server ended an idle session");
    }
  });
}

}  // namespace sagashop::db
