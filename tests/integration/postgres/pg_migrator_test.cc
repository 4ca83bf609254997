#include "platform/db/postgres/pg_migrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <latch>
#include <stdexcept>
#include <vector>

#include "pg_test_database.h"
#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_database.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

// Each migration leaves a row in `effects`, so a migration that ran twice shows up as a duplicate.
const Migration kMigrations[] = {
    {1, "effects table",
     "CREATE TABLE effects (version INT NOT NULL, noted_at TIMESTAMPTZ DEFAULT now());"
     "INSERT INTO effects (version) VALUES (1)",
     ""},
    {2, "orders table",
     "CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, status TEXT NOT NULL);"
     "SELECT pg_sleep(0.05);"
     "INSERT INTO effects (version) VALUES (2)",
     ""},
    {3, "orders index",
     "CREATE INDEX orders_status ON orders (status);"
     "INSERT INTO effects (version) VALUES (3)",
     ""},
};

class PgMigratorTest : public ::testing::Test {
 protected:
  // version -> how many times its effect happened, and the recorded versions.
  std::vector<std::int64_t> EffectCounts() {
    auto transaction = database_.Begin();
    const ResultSet rows = transaction->Execute(
        Query{"test.effects", "SELECT count(*) FROM effects GROUP BY version ORDER BY version"});
    std::vector<std::int64_t> counts;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) counts.push_back(rows.Int64(row, 0));
    return counts;
  }

  std::vector<std::int64_t> RecordedVersions() {
    auto transaction = database_.Begin();
    const ResultSet rows = transaction->Execute(
        Query{"test.recorded", "SELECT version FROM schema_migrations ORDER BY version"});
    std::vector<std::int64_t> versions;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) versions.push_back(rows.Int64(row, 0));
    return versions;
  }

  testing::PgTestDatabase test_db_;
  PgDatabase database_{test_db_.Config()};
};

TEST_F(PgMigratorTest, AppliesEachMigrationOnceAndRecordsIt) {
  database_.ApplyMigrations(kMigrations);
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));

  auto transaction = database_.Begin();
  const ResultSet row = transaction->Execute(
      Query{"test.recorded_row",
            "SELECT description, applied_at <= now() FROM schema_migrations WHERE version = 2"});
  EXPECT_EQ(row.Text(0, 0), "orders table");
  EXPECT_EQ(row.Text(0, 1), "t");
}

TEST_F(PgMigratorTest, RunningAgainChangesNothing) {
  database_.ApplyMigrations(kMigrations);
  database_.ApplyMigrations(kMigrations);
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

TEST_F(PgMigratorTest, AppliesOnlyTheMissingVersions) {
  database_.ApplyMigrations(std::span(kMigrations).first(1));
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1}));
  database_.ApplyMigrations(kMigrations);
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

TEST_F(PgMigratorTest, InstancesStartingTogetherApplyEachMigrationOnce) {
  constexpr int kInstances = 3;
  std::vector<std::unique_ptr<PgDatabase>> instances;
  for (int i = 0; i < kInstances; ++i) {
    instances.push_back(std::make_unique<PgDatabase>(test_db_.Config()));
  }
  std::latch start(kInstances);
  std::vector<std::future<void>> runs;
  for (auto& instance : instances) {
    runs.push_back(std::async(std::launch::async, [&start, &instance] {
      start.arrive_and_wait();
      instance->ApplyMigrations(kMigrations);
    }));
  }
  for (auto& run : runs) run.get();  // rethrows any instance's failure

  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

TEST_F(PgMigratorTest, RefusesADatabaseWithANewerSchema) {
  database_.ApplyMigrations(kMigrations);
  try {
    database_.ApplyMigrations(std::span(kMigrations).first(2));
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("schema version 3"));
  }
}

TEST_F(PgMigratorTest, AFailedMigrationLeavesNoTraceAndStopsTheRest) {
  const Migration broken[] = {
      kMigrations[0],
      {2, "half done", "CREATE TABLE half_done (x INT); SELECT * FROM no_such_table", ""},
      kMigrations[2],
  };
  try {
    database_.ApplyMigrations(broken);
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("migration 2 (half done)"));
    EXPECT_THAT(error.what(), HasSubstr("42P01"));
  }
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1}));
  {
    auto transaction = database_.Begin();
    const ResultSet table =
        transaction->Execute(Query{"test.half_done", "SELECT to_regclass('half_done') IS NULL"});
    EXPECT_EQ(table.Text(0, 0), "t") << "the failed migration's first statement was rolled back";
  }

  database_.ApplyMigrations(kMigrations);  // the fixed build carries on
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(PgMigratorTest, RejectsVersionsThatAreNotOneToN) {
  const Migration gap[] = {kMigrations[0], kMigrations[2]};
  EXPECT_THROW(database_.ApplyMigrations(gap), std::invalid_argument);
  const Migration duplicate[] = {kMigrations[0], kMigrations[0]};
  EXPECT_THROW(database_.ApplyMigrations(duplicate), std::invalid_argument);
}

TEST_F(PgMigratorTest, AcceptsMigrationsInAnyOrder) {
  const Migration shuffled[] = {kMigrations[2], kMigrations[0], kMigrations[1]};
  database_.ApplyMigrations(shuffled);
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

}  // namespace
}  // namespace sagashop::db
