#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "platform/db/database.h"
#include "platform/db/migration.h"

namespace sagashop::db {

// What applying migrations needs from one SQL dialect; the procedure itself is the same for all.
struct MigrationDialect {
  std::string_view name;             // in messages: "postgres", "sqlite"
  std::string_view create_table;     // schema_migrations, IF NOT EXISTS
  Query record;                      // INSERT INTO schema_migrations: $1 version, $2 description
  std::string_view Migration::*sql;  // which text of a migration this dialect runs
  // A transaction that keeps every other migrator (in any process) out until it ends.
  std::function<std::unique_ptr<Transaction>(Database&)> begin_exclusive;
};

// Applies the migrations the database lacks, in version order, each with its record in its own
// exclusive transaction, so instances starting together apply each exactly once. Versions must be
// 1..N (std::invalid_argument otherwise); a database with a version above N is refused
// (DbError kPermanent), because this build does not know that schema.
void ApplyMigrationsWith(Database& database, std::span<const Migration> migrations,
                         const MigrationDialect& dialect);

}  // namespace sagashop::db
