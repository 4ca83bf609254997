#pragma once

#include <span>

#include "platform/db/database.h"
#include "platform/db/migration.h"

namespace sagashop::db {

// Brings a PostgreSQL database up to the latest of `migrations` (see Database::ApplyMigrations).
// Every step holds a transaction-scoped advisory lock, so instances starting together take turns
// and each migration runs exactly once. Throws std::invalid_argument when the versions are not
// 1, 2, ..., N, and DbError(kPermanent) when the database is already past N.
void ApplyPgMigrations(Database& database, std::span<const Migration> migrations);

}  // namespace sagashop::db
