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
    : config_(Validated(std::move(config))),
      connections_(std::make_shared<PgConnectionSource>(config_)) {}

std::unique_ptr<Transaction> PgDatabase::Begin() {
  return std::make_unique<PgTransaction>(connections_);
}

ResultSet PgDatabase::RunStatement(const Query& query, std::span<const Param> params) {
  ResultSet rows;
  connections_->AcquireAndRun([&](PgConnection& connection) {
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
  // Bounded, so that /ready reports a database cut off without a word within seconds instead of
  // waiting on it as long as TCP keeps the connection.
  connections_->AcquireAndRun(
      [](PgConnection& connection) { connection.PingWithin(std::chrono::seconds(3)); });
}

PoolStats PgDatabase::GetPoolStats() const {
  return connections_->Stats();
}

}  // namespace sagashop::db
