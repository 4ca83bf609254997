#include "platform/db/schema_migrator.h"

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

std::unique_ptr<Transaction> BeginExclusive(Database& database, const MigrationDialect& dialect) {
  std::unique_ptr<Transaction> transaction = dialect.begin_exclusive(database);
  transaction->ExecuteUnprepared(dialect.create_table);
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

void ApplyMigrationsWith(Database& database, std::span<const Migration> migrations,
                         const MigrationDialect& dialect) {
  const std::vector<const Migration*> sorted = SortedAndChecked(migrations);
  const int latest = static_cast<int>(sorted.size());

  std::set<int> applied;
  {
    std::unique_ptr<Transaction> transaction = BeginExclusive(database, dialect);
    applied = AppliedVersions(*transaction);
    transaction->Commit();
  }
  if (!applied.empty() && *applied.rbegin() > latest) {
    throw DbError(DbError::Kind::kPermanent,
                  std::string(dialect.name) + ": the database has schema version " +
                      std::to_string(*applied.rbegin()) + " but this build knows only up to " +
                      std::to_string(latest) + "; refusing to run against a newer schema");
  }

  for (const Migration* migration : sorted) {
    if (applied.contains(migration->version)) continue;
    std::unique_ptr<Transaction> transaction = BeginExclusive(database, dialect);
    // Another instance may have applied it while this one waited for the lock.
    if (AppliedVersions(*transaction).contains(migration->version)) continue;
    try {
      const std::string_view sql = migration->*dialect.sql;
      if (!sql.empty()) transaction->ExecuteUnprepared(sql);
    } catch (const DbError& error) {
      throw DbError(error.GetKind(), "migration " + std::to_string(migration->version) + " (" +
                                         std::string(migration->description) +
                                         ") failed: " + error.what());
    }
    transaction->Execute(dialect.record,
                         {std::int64_t{migration->version}, std::string(migration->description)});
    transaction->Commit();
  }
}

}  // namespace sagashop::db
