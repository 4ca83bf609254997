#include "platform/db/postgres/pg_database.h"

#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_leader_lease.h"
#include "platform/db/postgres/pg_migrator.h"
#include "platform/db/postgres/pg_notification_listener.h"
#include "platform/db/postgres/pg_transaction.h"

namespace sagashop::db {
namespace {

PgConfig Validated(PgConfig config) {
  config.Validate();
  return config;
}

}  // namespace

PgDatabase::PgDatabase(PgConfig config)
    : config_(Validated(std::move(config))), pool_(CreatePgConnectionPool(config_)) {}

PgPooledConnection PgDatabase::Acquire() {
  if (!config_.on_acquired) return pool_->Acquire();
  const auto started = std::chrono::steady_clock::now();
  try {
    PgPooledConnection connection = pool_->Acquire();
    config_.on_acquired(std::chrono::steady_clock::now() - started);
    return connection;
  } catch (const DbError&) {
    config_.on_acquired(std::chrono::steady_clock::now() - started);
    throw;
  }
}

PgPooledConnection PgDatabase::AcquireAndRun(const std::function<void(PgConnection&)>& run) {
  // At most max_idle connections can be stale, so the try after them gets a fresh connection.
  for (int attempt = 0;; ++attempt) {
    PgPooledConnection connection = Acquire();
    try {
      run(*connection);
      return connection;
    } catch (const DbError&) {
      const bool stale = connection.WasReused() && connection->IsBroken();
      if (!stale || attempt >= config_.max_idle) throw;
    }
  }
}

std::unique_ptr<Transaction> PgDatabase::Begin() {
  return std::make_unique<PgTransaction>(
      AcquireAndRun([](PgConnection& connection) { connection.Exec("BEGIN"); }));
}

ResultSet PgDatabase::RunStatement(const Query& query, std::span<const Param> params) {
  ResultSet rows;
  AcquireAndRun([&](PgConnection& connection) {
    rows = connection.ExecPrepared(query, params).ToResultSet();
  });
  return rows;
}

void PgDatabase::ApplyMigrations(std::span<const Migration> migrations) {
  ApplyPgMigrations(*this, migrations);
}

std::unique_ptr<NotificationListener> PgDatabase::Listen(std::string_view channel) {
  return std::make_unique<PgNotificationListener>(config_, std::string(channel));
}

std::unique_ptr<LeaderLease> PgDatabase::TryAcquireLeadership(std::string_view role) {
  return PgLeaderLease::TryAcquire(config_, role);
}

void PgDatabase::Ping() {
  AcquireAndRun([](PgConnection& connection) { connection.Exec("SELECT 1"); });
}

PoolStats PgDatabase::GetPoolStats() const {
  return pool_->Stats();
}

}  // namespace sagashop::db
