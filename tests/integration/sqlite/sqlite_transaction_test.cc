#include "platform/db/sqlite/sqlite_transaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/db_error.h"
#include "platform/db/run_in_transaction.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "sqlite_test_dir.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

constexpr Query kInsertItem{"test.insert_item", "INSERT INTO items (id, name) VALUES ($1, $2)"};
constexpr Query kCountItems{"test.count_items", "SELECT count(*) FROM items"};

class SqliteTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto transaction = database_.Begin();
    transaction->ExecuteUnprepared("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    transaction->Commit();
  }

  std::int64_t CountItems(Database& database) {
    auto transaction = database.Begin();
    const std::int64_t count = transaction->Execute(kCountItems).Int64(0, 0);
    transaction->Commit();
    return count;
  }
  std::int64_t CountItems() { return CountItems(database_); }

  testing::SqliteTestDir dir_;
  SqliteDatabase database_{dir_.Config()};
};

TEST_F(SqliteTransactionTest, CommittedRowsAreVisibleToLaterTransactionsAndOtherConnections) {
  auto transaction = database_.Begin();
  EXPECT_EQ(transaction->Execute(kInsertItem, {std::int64_t{1}, "book"}).AffectedRows(), 1);
  transaction->Commit();
  transaction.reset();

  EXPECT_EQ(CountItems(), 1);
  SqliteDatabase reopened(dir_.Config());
  EXPECT_EQ(CountItems(reopened), 1);
}

TEST_F(SqliteTransactionTest, DestroyingWithoutCommitRollsBack) {
  {
    auto transaction = database_.Begin();
    transaction->Execute(kInsertItem, {std::int64_t{1}, "book"});
  }
  EXPECT_EQ(CountItems(), 0);
  const PoolStats stats = database_.GetPoolStats();
  EXPECT_EQ(stats.in_use, 0) << "the connection went back to the pool";
  EXPECT_EQ(stats.open, 1) << "and was reused, not replaced";
}

// OnCommit is how metrics count a change exactly once: after its commit, never after a rollback.
TEST_F(SqliteTransactionTest, OnCommitActionsRunAfterACommitOnly) {
  std::vector<std::string> ran;
  {
    auto committed = database_.Begin();
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
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
}

TEST_F(SqliteTransactionTest, EveryBeginIsTimedUntilItHasItsConnection) {
  int timed = 0;
  SqliteConfig config = dir_.Config();
  config.on_acquired = [&](std::chrono::steady_clock::duration waited) {
    EXPECT_GE(waited.count(), 0);
    ++timed;
  };
  SqliteDatabase database(config);
  database.Begin()->Commit();
  database.Begin()->Commit();
  EXPECT_EQ(timed, 2);
}

TEST_F(SqliteTransactionTest, FinishedTransactionsRefuseWork) {
  auto transaction = database_.Begin();
  transaction->Commit();
  EXPECT_THROW(transaction->Execute(kCountItems), DbError);
  EXPECT_THROW(transaction->Commit(), DbError);
}

TEST_F(SqliteTransactionTest, PreparedStatementIsReusedAndItsNameBoundToOneText) {
  constexpr Query kAddOne{"test.add_one", "SELECT $1 + 1"};
  for (int round = 0; round < 3; ++round) {
    auto transaction = database_.Begin();
    EXPECT_EQ(transaction->Execute(kAddOne, {std::int64_t{round}}).Int64(0, 0), round + 1);
    if (round != 1) transaction->Commit();  // the cached statement outlives a rollback too
  }
  EXPECT_EQ(database_.GetPoolStats().open, 1);

  auto transaction = database_.Begin();
  try {
    transaction->Execute(Query{"test.add_one", "SELECT $1 + 2"}, {std::int64_t{1}});
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("test.add_one"));
  }
}

TEST_F(SqliteTransactionTest, ParametersAreBoundByNameNotByPosition) {
  auto transaction = database_.Begin();
  constexpr Query kReordered{"test.reordered", "SELECT $2 || '-' || $1 || '-' || $2"};
  const ResultSet rows = transaction->Execute(kReordered, {"first", "second"});
  EXPECT_EQ(rows.Text(0, 0), "second-first-second");

  constexpr Query kInsertReordered{"test.insert_reordered",
                                   "INSERT INTO items (name, id) VALUES ($2, $1)"};
  transaction->Execute(kInsertReordered, {std::int64_t{7}, "seven"});
  const ResultSet item = transaction->Execute(
      Query{"test.find", "SELECT name FROM items WHERE id = $1"}, {std::int64_t{7}});
  EXPECT_EQ(item.Text(0, 0), "seven");
}

TEST_F(SqliteTransactionTest, WrongParameterCountOrPlaceholderIsABug) {
  auto transaction = database_.Begin();
  try {
    transaction->Execute(kInsertItem, {std::int64_t{1}});
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("takes 2 parameters, got 1"));
  }
  EXPECT_THROW(transaction->Execute(Query{"test.question_mark", "SELECT ?"}, {std::int64_t{1}}),
               DbError);
  transaction->Execute(kInsertItem, {std::int64_t{1}, "still usable"});
  transaction->Commit();
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTransactionTest, NullIntegersAndTextRoundTrip) {
  auto transaction = database_.Begin();
  transaction->ExecuteUnprepared(
      "CREATE TABLE samples (big INTEGER, small INTEGER, label TEXT, note TEXT, blank TEXT, "
      "ratio REAL)");
  constexpr Query kInsert{"test.insert_sample",
                          "INSERT INTO samples VALUES ($1, $2, $3, $4, $5, 2.5)"};
  const std::string label = "O'Brien \"quoted\" \\ 한글 ✓";
  transaction->Execute(kInsert, {std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min(), label, kNull, ""});
  constexpr Query kSelect{"test.select_sample",
                          "SELECT big, small, label, note, blank, ratio, note IS NULL AS n "
                          "FROM samples"};
  const ResultSet rows = transaction->Execute(kSelect);
  transaction->Commit();

  ASSERT_EQ(rows.RowCount(), 1u);
  EXPECT_EQ(rows.Columns()[2], "label");
  EXPECT_EQ(rows.Int64(0, 0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(rows.Int64(0, 1), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(rows.Text(0, 2), label);
  EXPECT_TRUE(rows.IsNull(0, 3));
  EXPECT_FALSE(rows.IsNull(0, 4));
  EXPECT_EQ(rows.Text(0, 4), "");
  EXPECT_EQ(rows.Text(0, 5), "2.5");
  EXPECT_EQ(rows.Int64(0, 6), 1);
  EXPECT_EQ(rows.AffectedRows(), 0) << "a SELECT changes nothing";
}

TEST_F(SqliteTransactionTest, ReturningGivesTheNewIdAndCountsItsRows) {
  auto transaction = database_.Begin();
  constexpr Query kInsertReturning{"test.insert_returning",
                                   "INSERT INTO items (name) VALUES ($1) RETURNING id"};
  const ResultSet first = transaction->Execute(kInsertReturning, {"a"});
  const ResultSet second = transaction->Execute(kInsertReturning, {"b"});
  EXPECT_EQ(first.AffectedRows(), 1);
  EXPECT_EQ(second.Int64(0, 0), first.Int64(0, 0) + 1);

  constexpr Query kRename{"test.rename", "UPDATE items SET name = $1 WHERE name <> $1"};
  EXPECT_EQ(transaction->Execute(kRename, {"x"}).AffectedRows(), 2);
  EXPECT_EQ(transaction->Execute(kRename, {"x"}).AffectedRows(), 0) << "matched nothing";
}

TEST_F(SqliteTransactionTest, UpsertTakesTheExcludedValue) {
  auto transaction = database_.Begin();
  constexpr Query kUpsert{"test.upsert",
                          "INSERT INTO items (id, name) VALUES ($1, $2) "
                          "ON CONFLICT (id) DO UPDATE SET name = excluded.name"};
  transaction->Execute(kUpsert, {std::int64_t{1}, "old"});
  EXPECT_EQ(transaction->Execute(kUpsert, {std::int64_t{1}, "new"}).AffectedRows(), 1);
  const ResultSet rows = transaction->Execute(Query{"test.all", "SELECT id, name FROM items"});
  ASSERT_EQ(rows.RowCount(), 1u);
  EXPECT_EQ(rows.Text(0, 1), "new");
}

TEST_F(SqliteTransactionTest, JsonEachTakesAnArrayParameter) {
  auto transaction = database_.Begin();
  for (std::int64_t id = 1; id <= 5; ++id) transaction->Execute(kInsertItem, {id, "item"});
  constexpr Query kMark{"test.mark",
                        "UPDATE items SET name = $2 WHERE id IN (SELECT value FROM json_each($1))"};
  EXPECT_EQ(transaction->Execute(kMark, {"[1,3,5]", "marked"}).AffectedRows(), 3);
  const ResultSet marked = transaction->Execute(
      Query{"test.marked", "SELECT id FROM items WHERE name = 'marked' ORDER BY id"});
  ASSERT_EQ(marked.RowCount(), 3u);
  EXPECT_EQ(marked.Int64(2, 0), 5);
}

TEST_F(SqliteTransactionTest, UniqueViolationIsAConstraintErrorNamingTheQuery) {
  auto transaction = database_.Begin();
  transaction->Execute(kInsertItem, {std::int64_t{1}, "first"});
  try {
    transaction->Execute(kInsertItem, {std::int64_t{1}, "again"});
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kConstraint);
    EXPECT_FALSE(error.IsRetryable());
    EXPECT_THAT(error.what(), HasSubstr("test.insert_item"));
    EXPECT_THAT(error.what(), HasSubstr("UNIQUE constraint failed"));
  }
}

TEST_F(SqliteTransactionTest, BadSqlIsPermanent) {
  auto transaction = database_.Begin();
  try {
    transaction->Execute(Query{"test.bad", "SELEC 1"});
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kPermanent);
    EXPECT_THAT(error.what(), HasSubstr("test.bad"));
  }
}

TEST_F(SqliteTransactionTest, ExecuteUnpreparedRunsSeveralStatements) {
  auto transaction = database_.Begin();
  transaction->ExecuteUnprepared(
      "INSERT INTO items VALUES (1, 'a'); INSERT INTO items VALUES (2, 'b')");
  transaction->Commit();
  transaction.reset();
  EXPECT_EQ(CountItems(), 2);
}

TEST_F(SqliteTransactionTest, SavepointsLetATransactionSurviveAConstraintError) {
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

TEST_F(SqliteTransactionTest, ConcurrentWritersLoseNoUpdate) {
  {
    auto transaction = database_.Begin();
    transaction->ExecuteUnprepared("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)");
    transaction->ExecuteUnprepared("INSERT INTO counter VALUES (1, 0)");
    transaction->Commit();
  }
  constexpr int kThreads = 8;
  constexpr int kIncrements = 50;
  constexpr Query kRead{"test.counter_read", "SELECT n FROM counter WHERE id = 1"};
  constexpr Query kWrite{"test.counter_write", "UPDATE counter SET n = $1 WHERE id = 1"};
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        try {
          // Read, then write what was read plus one: only serialized transactions keep every one.
          auto transaction = database_.Begin();
          const std::int64_t n = transaction->Execute(kRead).Int64(0, 0);
          transaction->Execute(kWrite, {n + 1});
          transaction->Commit();
        } catch (const DbError&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  auto transaction = database_.Begin();
  EXPECT_EQ(transaction->Execute(kRead).Int64(0, 0), kThreads * kIncrements);
  EXPECT_LE(database_.GetPoolStats().open, 8);
}

TEST_F(SqliteTransactionTest, ACommittedTransactionSurvivesTheProcessDying) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int status = 1;
    try {
      SqliteDatabase database(dir_.Config());
      auto transaction = database.Begin();
      transaction->Execute(kInsertItem, {std::int64_t{42}, "durable"});
      transaction->Commit();
      status = 0;
    } catch (...) {
    }
    _exit(status);  // no destructors, no close: as if the process crashed right after COMMIT
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child could not commit";

  SqliteDatabase reopened(dir_.Config());
  auto transaction = reopened.Begin();
  const ResultSet rows = transaction->Execute(
      Query{"test.find", "SELECT name FROM items WHERE id = $1"}, {std::int64_t{42}});
  ASSERT_EQ(rows.RowCount(), 1u);
  EXPECT_EQ(rows.Text(0, 0), "durable");
}

TEST_F(SqliteTransactionTest, BeginWhileHoldingTheWriterTurnTimesOutTransient) {
  SqliteConfig config = dir_.Config();
  config.acquire_timeout = std::chrono::milliseconds(100);
  SqliteDatabase database(config);
  auto held = database.Begin();
  try {
    database.Begin();
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kTransient);
  }
  held.reset();
  EXPECT_NO_THROW(RunInTransaction(database, [](Transaction& tx) { tx.Execute(kCountItems); }));
}

}  // namespace
}  // namespace sagashop::db
