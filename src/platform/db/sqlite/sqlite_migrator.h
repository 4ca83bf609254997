#pragma once

#include <span>

#include "platform/db/database.h"
#include "platform/db/migration.h"

namespace sagashop::db {

// Brings an SQLite database up to the latest of `migrations` (see Database::ApplyMigrations),
// running each missing migration's sqlite_sql in its own write transaction. Write transactions
// take turns (BEGIN IMMEDIATE), so concurrent callers, in this process or another, apply each
// migration exactly once. Throws std::invalid_argument when the versions are not 1, 2, ..., N,
// and DbError(kPermanent) when the database is already past N.
void ApplySqliteMigrations(Database& database, std::span<const Migration> migrations);

}  // namespace sagashop::db
