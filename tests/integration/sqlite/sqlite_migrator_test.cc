#include "platform/db/sqlite/sqlite_migrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "platform/db/db_error.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "sqlite_test_dir.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

constexpr Migration kFirst{1, "items", "unused", "CREATE TABLE items (id INTEGER PRIMARY KEY)"};
// Not idempotent on purpose: running it twice fails, so "applied once" is observable.
constexpr Migration kSecond{2, "item names", "unused", "ALTER TABLE items ADD COLUMN name TEXT"};
constexpr Migration kThird{3, "tags", "unused", "CREATE TABLE tags (id INTEGER PRIMARY KEY)"};

class SqliteMigratorTest : public ::testing::Test {
 protected:
  std::vector<std::int64_t> AppliedVersions() {
    auto transaction = database_.Begin();
    const ResultSet rows =
        transaction->Execute(Query{"test.versions",
                                   "SELECT version, description, applied_at FROM schema_migrations "
                                   "ORDER BY version"});
    std::vector<std::int64_t> versions;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) {
      versions.push_back(rows.Int64(row, 0));
      EXPECT_FALSE(rows.Text(row, 2).empty());
    }
    return versions;
  }

  testing::SqliteTestDir dir_;
  SqliteDatabase database_{dir_.Config()};
};

TEST_F(SqliteMigratorTest, AppliesEachMigrationOnceAndIsIdempotent) {
  const Migration migrations[] = {kFirst, kSecond};
  database_.ApplyMigrations(migrations);
  database_.ApplyMigrations(migrations);
  EXPECT_EQ(AppliedVersions(), (std::vector<std::int64_t>{1, 2}));

  const Migration more[] = {kFirst, kSecond, kThird};
  database_.ApplyMigrations(more);
  EXPECT_EQ(AppliedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(SqliteMigratorTest, ConcurrentCallersApplyEachOnce) {
  const Migration migrations[] = {kFirst, kSecond, kThird};
  SqliteDatabase other(dir_.Config());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      try {
        (i % 2 == 0 ? database_ : other).ApplyMigrations(migrations);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(AppliedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(SqliteMigratorTest, RefusesADatabaseWithANewerVersion) {
  const Migration all[] = {kFirst, kSecond, kThird};
  database_.ApplyMigrations(all);
  const Migration older[] = {kFirst, kSecond};
  try {
    database_.ApplyMigrations(older);
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("schema version 3"));
  }
}

TEST_F(SqliteMigratorTest, AFailedMigrationLeavesNothingBehind) {
  constexpr Migration kBroken{2, "broken", "unused",
                              "CREATE TABLE half (id INTEGER); CREATE TABLE oops ("};
  const Migration migrations[] = {kFirst, kBroken};
  try {
    database_.ApplyMigrations(migrations);
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_THAT(error.what(), HasSubstr("migration 2 (broken)"));
  }
  EXPECT_EQ(AppliedVersions(), (std::vector<std::int64_t>{1}));
  auto transaction = database_.Begin();
  EXPECT_EQ(transaction
                ->Execute(Query{"test.half", "SELECT count(*) FROM sqlite_schema WHERE name = $1"},
                          {"half"})
                .Int64(0, 0),
            0);
}

TEST_F(SqliteMigratorTest, RejectsAGapInVersions) {
  const Migration gap[] = {kFirst, kThird};
  EXPECT_THROW(database_.ApplyMigrations(gap), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::db
