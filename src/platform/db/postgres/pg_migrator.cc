#include "platform/db/postgres/pg_migrator.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_advisory_lock_key.h"

namespace sagashop::db {
namespace {

constexpr Query kLock{"sagashop.migrations.lock", "SELECT pg_advisory_xact_lock($1::bigint)"};
constexpr Query kAppliedVersions{"sagashop.migrations.applied",
                                 "SELECT version FROM schema_migrations ORDER BY version"};
constexpr Query kRecord{"sagashop.migrations.record",
                        "INSERT INTO schema_migrations (version, description, applied_at) "
                        "VALUES ($1, $2, now())"};
constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INT PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)";

std::vector<const Migration*> SortedAndChecked(std::span<const Migration> migrations) {
  std::vector<const Migration*> sorted;
  for (const Migration& migration : migrations) sorted.push_back(&migration);
  std::sort(sorted.begin(), sorted.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i]->version != static_cast<int>(i + 1)) {
      throw std::invalid_argument("migrations must have versions 1, 2, ..., N; expected version " +
                                  std::to_string(i + 1) + ", found " +
                                  std::to_string(sorted[i]->version));
    }
  }
  return sorted;
}

// Opens a transaction that holds the migration lock until it ends. Migrations may run longer
// than the pool's statement_timeout, and waiting for another instance's migration may too.
std::unique_ptr<Transaction> BeginLocked(Database& database) {
  std::unique_ptr<Transaction> transaction = database.Begin();
  transaction->ExecuteUnprepared("SET LOCAL statement_timeout = 0");
  transaction->Execute(kLock, {PgAdvisoryLockKey("sagashop.schema_migrations")});
  transaction->ExecuteUnprepared(kCreateTable);
  return transaction;
}

std::set<int> AppliedVersions(Transaction& transaction) {
  const ResultSet rows = transaction.Execute(kAppliedVersions);
  std::set<int> versions;
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    versions.insert(static_cast<int>(rows.Int64(row, 0)));
  }
  return versions;
}

}  // namespace

void ApplyPgMigrations(Database& database, std::span<const Migration> migrations) {
  const std::vector<const Migration*> sorted = SortedAndChecked(migrations);
  const int latest = static_cast<int>(sorted.size());

  std::set<int> applied;
  {
    std::unique_ptr<Transaction> transaction = BeginLocked(database);
    applied = AppliedVersions(*transaction);
    transaction->Commit();
  }
  if (!applied.empty() && *applied.rbegin() > latest) {
    throw DbError(DbError::Kind::kPermanent,
                  "postgres: the database has schema version " + std::to_string(*applied.rbegin()) +
                      " but this build knows only up to " + std::to_string(latest) +
                      "; refusing to run against a newer schema");
  }

  for (const Migration* migration : sorted) {
    if (applied.contains(migration->version)) continue;
    std::unique_ptr<Transaction> transaction = BeginLocked(database);
    // Another instance may have applied it while this one waited for the lock.
    if (AppliedVersions(*transaction).contains(migration->version)) continue;
    try {
      if (!migration->postgres_sql.empty()) {
        transaction->ExecuteUnprepared(migration->postgres_sql);
      }
    } catch (const DbError& error) {
      throw DbError(error.GetKind(), "migration " + std::to_string(migration->version) + " (" +
                                         std::string(migration->description) +
                                         ") failed: " + error.what());
    }
    transaction->Execute(kRecord,
                         {std::int64_t{migration->version}, std::string(migration->description)});
    transaction->Commit();
  }
}

}  // namespace sagashop::db
