#include "platform/db/postgres/pg_migrator.h"

#include "platform/db/postgres/pg_advisory_lock_key.h"
#include "platform/db/schema_migrator.h"

namespace sagashop::db {
namespace {

constexpr Query kLock{"sagashop.migrations.lock", "SELECT pg_advisory_xact_lock($1::bigint)"};

// Holds the migration lock until the transaction ends. Migrations may run longer than the pool's
// statement_timeout, and waiting for another instance's migration may too.
std::unique_ptr<Transaction> BeginLocked(Database& database) {
  std::unique_ptr<Transaction> transaction = database.Begin();
  transaction->ExecuteUnprepared("SET LOCAL statement_timeout = 0");
  transaction->Execute(kLock, {PgAdvisoryLockKey("sagashop.schema_migrations")});
  return transaction;
}

const MigrationDialect& PostgresDialect() {
  static const MigrationDialect dialect{
      .name = "postgres",
      .create_table =
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)",
      .record = {"sagashop.migrations.record",
                 "INSERT INTO schema_migrations (version, description, applied_at) "
                 "VALUES ($1, $2, now())"},
      .sql = &Migration::postgres_sql,
      .begin_exclusive = BeginLocked};
  return dialect;
}

}  // namespace

void ApplyPgMigrations(Database& database, std::span<const Migration> migrations) {
  ApplyMigrationsWith(database, migrations, PostgresDialect());
}

}  // namespace sagashop::db
