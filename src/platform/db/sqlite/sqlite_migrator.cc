#include "platform/db/sqlite/sqlite_migrator.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

constexpr Query kAppliedVersions{"sagashop.migrations.applied",
                                 "SELECT version FROM schema_migrations ORDER BY version"};
constexpr Query kRecord{"sagashop.migrations.record",
                        "INSERT INTO schema_migrations (version, description, applied_at) "
                        "VALUES ($1, $2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"};
constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

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

// Every transaction of the adapter is a write transaction, so holding one is holding the
// migration lock.
std::unique_ptr<Transaction> BeginLocked(Database& database) {
  std::unique_ptr<Transaction> transaction = database.Begin();
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

void ApplySqliteMigrations(Database& database, std::span<const Migration> migrations) {
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
                  "sqlite: the database has schema version " + std::to_string(*applied.rbegin()) +
                      " but this build knows only up to " + std::to_string(latest) +
                      "; refusing to run against a newer schema");
  }

  for (const Migration* migration : sorted) {
    if (applied.contains(migration->version)) continue;
    std::unique_ptr<Transaction> transaction = BeginLocked(database);
    // Another caller may have applied it while this one waited for its turn.
    if (AppliedVersions(*transaction).contains(migration->version)) continue;
    try {
      if (!migration->sqlite_sql.empty()) transaction->ExecuteUnprepared(migration->sqlite_sql);
      transaction->Execute(kRecord,
                           {std::int64_t{migration->version}, std::string(migration->description)});
      transaction->Commit();
    } catch (const DbError& error) {
      throw DbError(error.GetKind(), "migration " + std::to_string(migration->version) + " (" +
                                         std::string(migration->description) +
                                         ") failed: " + error.what());
    }
  }
}

}  // namespace sagashop::db
