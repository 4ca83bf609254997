#include "platform/db/postgres/pg_transaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "pg_test_database.h"
#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_database.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

constexpr Query kInsertItem{"test.insert_item", "INSERT INTO items (id, name) VALUES ($1, $2)"};
constexpr Query kCountItems{"test.count_items", "SELECT count(*) FROM items"};
constexpr Query kBackendPid{"test.backend_pid", "SELECT pg_backend_pid()"};

class PgTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto transaction = database_.Begin();
    transaction->ExecuteUnprepared("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT)");
    transaction->Commit();
  }

  std::int64_t CountItems() {
    auto transaction = database_.Begin();
    const std::int64_t count = transaction->Execute(kCountItems).Int64(0, 0);
    transaction->Commit();
    return count;
  }

  PgConfig SingleConnection() const {
    PgConfig config = test_db_.Config();
    config.max_open = 1;
    config.max_idle = 1;
    return config;
  }

  testing::PgTestDatabase test_db_;
  PgDatabase database_{SingleConnection()};
};

TEST_F(PgTransactionTest, CommittedRowsAreVisibleToLaterTransactions) {
  auto transaction = database_.Begin();
  const ResultSet inserted = transaction->Execute(kInsertItem, {std::int64_t{1}, "book"});
  EXPECT_EQ(inserted.AffectedRows(), 1);
  transaction->Commit();
  transaction.reset();  // the pool has one connection

  EXPECT_EQ(CountItems(), 1);
}

TEST_F(PgTransactionTest, DestroyingWithoutCommitRollsBack) {
  {
    auto transaction = database_.Begin();
    transaction->Execute(kInsertItem, {std::int64_t{1}, "book"});
  }
  EXPECT_EQ(CountItems(), 0);
  // The rolled-back connection went back to the pool in a clean state and was reused.
  EXPECT_EQ(database_.GetPoolStats().open, 1);
}

TEST_F(PgTransactionTest, NullTextAndIntegersRoundTrip) {
  auto transaction = database_.Begin();
  transaction->ExecuteUnprepared(
      "CREATE TABLE samples (big BIGINT, small BIGINT, label TEXT, note TEXT, blank TEXT)");
  constexpr Query kInsert{"test.insert_sample", "INSERT INTO samples VALUES ($1, $2, $3, $4, $5)"};
  const std::string label = "O'Brien \"quoted\" \\ 한글 ✓";
  transaction->Execute(kInsert, {std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min(), label, kNull, ""});
  constexpr Query kSelect{"test.select_sample",
                          "SELECT big, small, label, note, blank, note IS NULL AS note_is_null "
                          "FROM samples"};
  const ResultSet rows = transaction->Execute(kSelect);
  transaction->Commit();

  ASSERT_EQ(rows.RowCount(), 1u);
  EXPECT_EQ(rows.Columns()[2], "label");
  EXPECT_EQ(rows.Int64(0, 0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(rows.Int64(0, 1), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(rows.Text(0, 2), label);
  EXPECT_TRUE(rows.IsNull(0, 3));
  EXPECT_EQ(rows.OptionalText(0, 3), std::nullopt);
  EXPECT_FALSE(rows.IsNull(0, 4));
  EXPECT_EQ(rows.Text(0, 4), "");
  EXPECT_EQ(rows.Text(0, 5), "t");
}

TEST_F(PgTransactionTest, NullParameterMatchesIsNull) {
  auto transaction = database_.Begin();
  constexpr Query kIsNull{"test.is_null", "SELECT $1::text IS NULL, $2::bigint IS NULL"};
  const ResultSet rows = transaction->Execute(kIsNull, {kNull, std::int64_t{0}});
  EXPECT_EQ(rows.Text(0, 0), "t");
  EXPECT_EQ(rows.Text(0, 1), "f");
}

TEST_F(PgTransactionTest, PreparesEachQueryOncePerConnection) {
  constexpr Query kAddOne{"test.add_one", "SELECT $1::bigint + 1"};
  std::int64_t first_pid = 0;
  for (int round = 0; round < 3; ++round) {
    auto transaction = database_.Begin();
    EXPECT_EQ(transaction->Execute(kAddOne, {std::int64_t{round}}).Int64(0, 0), round + 1);
    const std::int64_t pid = transaction->Execute(kBackendPid).Int64(0, 0);
    if (round == 0) first_pid = pid;
    EXPECT_EQ(pid, first_pid) << "the pool has one connection";
    if (round != 1) transaction->Commit();  // prepared statements outlive a rollback too
  }

  auto transaction = database_.Begin();
  constexpr Query kPrepared{"test.prepared",
                            "SELECT count(*), sum(generic_plans + custom_plans) "
                            "FROM pg_prepared_statements WHERE name = $1"};
  const ResultSet prepared = transaction->Execute(kPrepared, {std::string(kAddOne.name)});
  EXPECT_EQ(prepared.Int64(0, 0), 1) << "prepared once";
  EXPECT_EQ(prepared.Int64(0, 1), 3) << "and executed three times";
}

TEST_F(PgTransactionTest, OneNameForTwoSqlTextsIsABug) {
  auto transaction = database_.Begin();
  transaction->Execute(Query{"test.twice", "SELECT 1"});
  try {
    transaction->Execute(Query{"test.twice", "SELECT 2"});
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("test.twice"));
  }
}

TEST_F(PgTransactionTest, WrongParameterCountIsABugAndKeepsTheConnection) {
  std::int64_t pid = 0;
  {
    auto transaction = database_.Begin();
    pid = transaction->Execute(kBackendPid).Int64(0, 0);
    try {
      transaction->Execute(kInsertItem, {std::int64_t{1}});
      FAIL() << "expected DbError";
    } catch (const DbError& error) {
      EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
      EXPECT_THAT(error.what(), HasSubstr("takes 2 parameters, got 1"));
    }
  }
  auto transaction = database_.Begin();
  EXPECT_EQ(transaction->Execute(kBackendPid).Int64(0, 0), pid);
}

TEST_F(PgTransactionTest, ExecuteUnpreparedRunsSeveralStatements) {
  auto transaction = database_.Begin();
  transaction->ExecuteUnprepared(
      "INSERT INTO items VALUES (1, 'a'); INSERT INTO items VALUES (2, 'b')");
  transaction->Commit();
  transaction.reset();
  EXPECT_EQ(CountItems(), 2);
}

TEST_F(PgTransactionTest, CommitAfterAFailedStatementRollsBackAndSaysSo) {
  auto transaction = database_.Begin();
  transaction->Execute(kInsertItem, {std::int64_t{1}, "first"});
  EXPECT_THROW(transaction->Execute(kInsertItem, {std::int64_t{1}, "again"}), DbError);
  try {
    transaction->Commit();
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("rolled back"));
  }
  EXPECT_THROW(transaction->Execute(kCountItems), DbError) << "finished transactions refuse work";
  transaction.reset();
  EXPECT_EQ(CountItems(), 0);
}

// OnCommit is how metrics count a change exactly once: after its commit, never after a rollback,
// a COMMIT answered with ROLLBACK included.
TEST_F(PgTransactionTest, OnCommitActionsRunAfterACommitOnly) {
  std::vector<std::string> ran;
  {
    auto committed = database_.Begin();
    committed->Execute(kInsertItem, {std::int64_t{1}, "book"});
    committed->OnCommit([&] { ran.push_back("first"); });
    committed->OnCommit([&] { ran.push_back("second"); });
    EXPECT_TRUE(ran.empty());
    committed->Commit();
    EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
  }
  {
    auto rolled_back = database_.Begin();
    rolled_back->OnCommit([&] { ran.push_back("rolled back"); });
  }
  {
    auto failed = database_.Begin();
    failed->OnCommit([&] { ran.push_back("failed"); });
    EXPECT_THROW(failed->Execute(kInsertItem, {std::int64_t{1}, "again"}), DbError);
    EXPECT_THROW(failed->Commit(), DbError);
  }
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
}

TEST_F(PgTransactionTest, EveryConnectionTakenFromThePoolIsTimed) {
  std::vector<std::chrono::steady_clock::duration> waits;
  std::mutex mutex;
  PgConfig config = SingleConnection();
  config.on_acquired = [&](std::chrono::steady_clock::duration waited) {
    std::lock_guard lock(mutex);
    waits.push_back(waited);
  };
  PgDatabase timed(config);
  timed.Begin()->Commit();
  timed.Begin()->Commit();
  std::lock_guard lock(mutex);
  ASSERT_EQ(waits.size(), 2u);
  for (const auto waited : waits) EXPECT_GE(waited.count(), 0);
}

TEST_F(PgTransactionTest, SavepointsLetATransactionSurviveAConstraintError) {
  auto transaction = database_.Begin();
  transaction->Execute(kInsertItem, {std::int64_t{1}, "first"});
  transaction->ExecuteUnprepared("SAVEPOINT duplicate");
  EXPECT_THROW(transaction->Execute(kInsertItem, {std::int64_t{1}, "again"}), DbError);
  transaction->ExecuteUnprepared("ROLLBACK TO SAVEPOINT duplicate");
  transaction->Execute(kInsertItem, {std::int64_t{2}, "second"});
  transaction->Commit();
  transaction.reset();
  EXPECT_EQ(CountItems(), 2);
}

}  // namespace
}  // namespace sagashop::db
