// Schema migrations through the database port, on both adapters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <latch>
#include <stdexcept>
#include <vector>

#include "integration/database/test_backend.h"
#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

// Each migration leaves a row in `effects`, so a migration that ran twice shows up as a duplicate.
const Migration kMigrations[] = {
    {1, "effects table",
     "CREATE TABLE effects (version INT NOT NULL, noted_at TIMESTAMPTZ DEFAULT now());"
     "INSERT INTO effects (version) VALUES (1)",
     "CREATE TABLE effects (version INTEGER NOT NULL);"
     "INSERT INTO effects (version) VALUES (1)"},
    {2, "orders table",
     "CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, status TEXT NOT NULL);"
     "SELECT pg_sleep(0.05);"
     "INSERT INTO effects (version) VALUES (2)",
     "CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT NOT NULL);"
     "INSERT INTO effects (version) VALUES (2)"},
    {3, "orders index",
     "CREATE INDEX orders_status ON orders (status);"
     "INSERT INTO effects (version) VALUES (3)",
     "CREATE INDEX orders_status ON orders (status);"
     "INSERT INTO effects (version) VALUES (3)"},
};

class DatabaseMigrationTest : public testing::DatabaseTest {
 protected:
  // version -> how many times its effect happened.
  std::vector<std::int64_t> EffectCounts() {
    return Column(
        Query{"test.effects", "SELECT count(*) FROM effects GROUP BY version ORDER BY version"});
  }

  std::vector<std::int64_t> RecordedVersions() {
    return Column(Query{"test.recorded", "SELECT version FROM schema_migrations ORDER BY version"});
  }

  std::vector<std::int64_t> Column(const Query& query) {
    auto transaction = database_->Begin();
    const ResultSet rows = transaction->Execute(query);
    std::vector<std::int64_t> values;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) values.push_back(rows.Int64(row, 0));
    return values;
  }
};

TEST_P(DatabaseMigrationTest, AppliesEachMigrationOnceAndRecordsIt) {
  database_->ApplyMigrations(kMigrations);
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));

  auto transaction = database_->Begin();
  const ResultSet rows = transaction->Execute(
      Query{"test.recorded_rows",
            ForBackend("SELECT description, CASE WHEN applied_at <= now() THEN 1 ELSE 0 END "
                       "FROM schema_migrations ORDER BY version",
                       "SELECT description, CASE WHEN applied_at <= "
                       "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AND applied_at <> '' THEN 1 ELSE "
                       "0 END FROM schema_migrations ORDER BY version")});
  ASSERT_EQ(rows.RowCount(), 3u);
  EXPECT_EQ(rows.Text(1, 0), "orders table");
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    EXPECT_EQ(rows.Int64(row, 1), 1) << "applied_at of version " << row + 1 << " is in the past";
  }
}

TEST_P(DatabaseMigrationTest, RunningAgainChangesNothing) {
  database_->ApplyMigrations(kMigrations);
  database_->ApplyMigrations(kMigrations);
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

TEST_P(DatabaseMigrationTest, AppliesOnlyTheMissingVersions) {
  database_->ApplyMigrations(std::span(kMigrations).first(1));
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1}));
  database_->ApplyMigrations(std::span(kMigrations).first(2));
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2}));
  database_->ApplyMigrations(kMigrations);
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

// Instances of a service starting together, and several threads of one instance.
TEST_P(DatabaseMigrationTest, InstancesAndThreadsStartingTogetherApplyEachMigrationOnce) {
  constexpr int kInstances = 3;
  constexpr int kThreadsPerInstance = 2;
  std::vector<std::unique_ptr<Database>> instances;
  for (int i = 0; i < kInstances; ++i) instances.push_back(backend_->Open());
  std::latch start(kInstances * kThreadsPerInstance);
  std::vector<std::future<void>> runs;
  for (auto& instance : instances) {
    for (int thread = 0; thread < kThreadsPerInstance; ++thread) {
      runs.push_back(std::async(std::launch::async, [&start, &instance] {
        start.arrive_and_wait();
        instance->ApplyMigrations(kMigrations);
      }));
    }
  }
  for (auto& run : runs) run.get();  // rethrows any instance's failure

  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

TEST_P(DatabaseMigrationTest, RefusesADatabaseWithANewerSchema) {
  database_->ApplyMigrations(kMigrations);
  try {
    database_->ApplyMigrations(std::span(kMigrations).first(2));
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("schema version 3"));
  }
}

TEST_P(DatabaseMigrationTest, AFailedMigrationLeavesNoTraceAndStopsTheRest) {
  const Migration broken[] = {
      kMigrations[0],
      {2, "half done", "CREATE TABLE half_done (x INT); SELECT * FROM no_such_table",
       "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table"},
      kMigrations[2],
  };
  try {
    database_->ApplyMigrations(broken);
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("migration 2 (half done)"));
    EXPECT_THAT(error.what(), HasSubstr(ForBackend("42P01", "no such table")));
  }
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1}));
  {
    auto transaction = database_->Begin();
    const ResultSet tables = transaction->Execute(
        Query{"test.half_done",
              ForBackend("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'",
                         "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'")});
    EXPECT_EQ(tables.Int64(0, 0), 0) << "the failed migration's first statement was rolled back";
  }

  database_->ApplyMigrations(kMigrations);  // the fixed build carries on
  EXPECT_EQ(RecordedVersions(), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_P(DatabaseMigrationTest, RejectsVersionsThatAreNotOneToN) {
  const Migration gap[] = {kMigrations[0], kMigrations[2]};
  EXPECT_THROW(database_->ApplyMigrations(gap), std::invalid_argument);
  const Migration duplicate[] = {kMigrations[0], kMigrations[0]};
  EXPECT_THROW(database_->ApplyMigrations(duplicate), std::invalid_argument);
}

TEST_P(DatabaseMigrationTest, AcceptsMigrationsInAnyOrder) {
  const Migration shuffled[] = {kMigrations[2], kMigrations[0], kMigrations[1]};
  database_->ApplyMigrations(shuffled);
  EXPECT_EQ(EffectCounts(), (std::vector<std::int64_t>{1, 1, 1}));
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseMigrationTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::db
