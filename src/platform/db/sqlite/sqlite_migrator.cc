#include "platform/db/sqlite/sqlite_migrator.h"

#include "platform/db/schema_migrator.h"

namespace sagashop::db {
namespace {

const MigrationDialect& SqliteDialect() {
  static const MigrationDialect dialect{
      .name = "sqlite",
      .create_table =
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at TEXT NOT NULL)",
      .record = {"sagashop.migrations.record",
                 "INSERT INTO schema_migrations (version, description, applied_at) "
                 "VALUES ($1, $2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"},
      .sql = &Migration::sqlite_sql,
      // Every transaction of the adapter holds the file's writer turn (BEGIN IMMEDIATE), which
      // excludes other migrators in this process and in others.
      .begin_exclusive = [](Database& database) { return database.Begin(); }};
  return dialect;
}

}  // namespace

void ApplySqliteMigrations(Database& database, std::span<const Migration> migrations) {
  ApplyMigrationsWith(database, migrations, SqliteDialect());
}

}  // namespace sagashop::db
