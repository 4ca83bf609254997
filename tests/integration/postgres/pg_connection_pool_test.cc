#include "platform/db/postgres/pg_connection_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "integration/database/pg_test_database.h"
#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/run_in_transaction.h"
#include "support/eventually.h"

namespace sagashop::db {
namespace {

using sagashop::testing::kBackendPid;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

class PgConnectionPoolTest : public ::testing::Test {
 protected:
  PgConfig Config(int max_open, int max_idle) const {
    PgConfig config = test_db_.Config();
    config.max_open = max_open;
    config.max_idle = max_idle;
    return config;
  }

  // A transaction that has its connection: PostgreSQL takes it at the first statement.
  static std::unique_ptr<Transaction> Started(Database& database) {
    auto transaction = database.Begin();
    transaction->Execute(kBackendPid);
    return transaction;
  }

  static std::int64_t BackendPid(Transaction& transaction) {
    return transaction.Execute(kBackendPid).Int64(0, 0);
  }

  testing::PgTestDatabase test_db_;
};

TEST_F(PgConnectionPoolTest, OpensConnectionsOnlyWhenNeeded) {
  PgDatabase database(Config(5, 5));
  EXPECT_EQ(database.GetPoolStats().open, 0);
  EXPECT_EQ(test_db_.CountSessions(), 0);
  database.Ping();
  EXPECT_EQ(database.GetPoolStats().open, 1);
  EXPECT_EQ(database.GetPoolStats().idle, 1);
}

TEST_F(PgConnectionPoolTest, NeverOpensMoreThanMaxOpen) {
  PgDatabase database(Config(3, 3));
  std::atomic<bool> done = false;
  std::atomic<int> most_sessions = 0;
  std::atomic<int> most_in_use = 0;
  std::thread observer([&] {
    while (!done) {
      most_sessions = std::max(most_sessions.load(), test_db_.CountSessions());
      most_in_use = std::max(most_in_use.load(), database.GetPoolStats().in_use);
    }
  });

  std::vector<std::future<void>> workers;
  workers.reserve(6);
  for (int worker = 0; worker < 6; ++worker) {
    workers.push_back(std::async(std::launch::async, [&] {
      for (int round = 0; round < 15; ++round) {
        auto transaction = database.Begin();
        transaction->ExecuteUnprepared("SELECT pg_sleep(0.005)");
        transaction->Commit();
      }
    }));
  }
  for (auto& worker : workers) worker.get();
  done = true;
  observer.join();

  EXPECT_LE(most_sessions.load(), 3);
  EXPECT_LE(most_in_use.load(), 3);
  EXPECT_GT(most_in_use.load(), 1) << "the workers did overlap";
  const PoolStats stats = database.GetPoolStats();
  EXPECT_LE(stats.open, 3);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_GT(stats.waits_total, 0);
  EXPECT_GT(stats.wait_seconds_total, 0.0);
}

TEST_F(PgConnectionPoolTest, AcquireTimeoutIsTransient) {
  PgConfig config = Config(2, 2);
  config.acquire_timeout = milliseconds(200);
  PgDatabase database(config);
  auto first = Started(database);
  auto second = Started(database);
  EXPECT_TRUE(testing::Eventually([&] { return test_db_.CountSessions() == 2; }));

  const auto started = std::chrono::steady_clock::now();
  try {
    Started(database);
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kTransient);
    EXPECT_THAT(error.what(), HasSubstr("no connection available"));
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(200));
  const PoolStats stats = database.GetPoolStats();
  EXPECT_EQ(stats.open, 2);
  EXPECT_EQ(stats.in_use, 2);
  EXPECT_EQ(stats.waits_total, 1);
  EXPECT_GE(stats.wait_seconds_total, 0.2);
  EXPECT_EQ(test_db_.CountSessions(), 2);
}

TEST_F(PgConnectionPoolTest, AWaitingCallerGetsTheNextReleasedConnection) {
  PgDatabase database(Config(1, 1));
  auto holder = database.Begin();
  const std::int64_t pid = BackendPid(*holder);

  auto waiter = std::async(std::launch::async, [&] {
    auto transaction = database.Begin();
    return BackendPid(*transaction);
  });
  ASSERT_TRUE(testing::Eventually([&] { return database.GetPoolStats().waits_total == 1; }));
  holder.reset();

  EXPECT_EQ(waiter.get(), pid);
  EXPECT_EQ(database.GetPoolStats().open, 1);
}

TEST_F(PgConnectionPoolTest, ATerminatedIdleConnectionIsReplacedTransparently) {
  PgDatabase database(Config(2, 2));
  std::int64_t old_pid = 0;
  {
    auto transaction = database.Begin();
    old_pid = BackendPid(*transaction);
    transaction->Commit();
  }
  test_db_.TerminateSession(static_cast<int>(old_pid));

  auto transaction = database.Begin();
  EXPECT_NE(BackendPid(*transaction), old_pid);
  transaction->Commit();
  EXPECT_EQ(database.GetPoolStats().open, 1) << "the dead connection was closed, not kept";
}

TEST_F(PgConnectionPoolTest, AConnectionLostMidTransactionIsDiscarded) {
  PgDatabase database(Config(2, 2));
  auto transaction = database.Begin();
  const std::int64_t pid = BackendPid(*transaction);
  test_db_.TerminateSession(static_cast<int>(pid));

  try {
    BackendPid(*transaction);
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kTransient);
  }
  transaction.reset();
  EXPECT_EQ(database.GetPoolStats().open, 0);

  auto next = database.Begin();
  EXPECT_NE(BackendPid(*next), pid);
  next->Commit();
}

TEST_F(PgConnectionPoolTest, CommitOnALostConnectionIsTransientAndSaysTheOutcomeIsUnknown) {
  PgDatabase database(Config(1, 1));
  auto transaction = database.Begin();
  test_db_.TerminateSession(static_cast<int>(BackendPid(*transaction)));
  try {
    transaction->Commit();
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kTransient);
    EXPECT_TRUE(error.OutcomeUnknown());
    EXPECT_THAT(error.what(), HasSubstr("outcome unknown"));
  }
}

// A fail-over cuts connections during COMMIT too. Whether that transaction happened is for the
// caller's deduplication to find out; rerunning it blindly could create an order twice.
TEST_F(PgConnectionPoolTest, RunInTransactionDoesNotRepeatWorkWhoseCommitOutcomeIsUnknown) {
  PgDatabase database(Config(1, 1));
  int attempts = 0;
  try {
    RunInTransaction(database, [&](Transaction& transaction) {
      ++attempts;
      test_db_.TerminateSession(static_cast<int>(BackendPid(transaction)));
    });
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_TRUE(error.OutcomeUnknown()) << error.what();
    EXPECT_TRUE(error.IsRetryable()) << "the caller may try again, knowing what it does";
  }
  EXPECT_EQ(attempts, 1);
  // A lost connection before COMMIT is still rerun: nothing can have been committed.
  attempts = 0;
  RunInTransaction(database, [&](Transaction& transaction) {
    if (++attempts == 1) {
      test_db_.TerminateSession(static_cast<int>(BackendPid(transaction)));
      transaction.Execute(kBackendPid);
    }
  });
  EXPECT_EQ(attempts, 2);
}

TEST_F(PgConnectionPoolTest, KeepsAtMostMaxIdleConnections) {
  PgDatabase database(Config(4, 1));
  {
    std::vector<std::unique_ptr<Transaction>> held;
    held.reserve(4);
    for (int i = 0; i < 4; ++i) held.push_back(Started(database));
    EXPECT_EQ(database.GetPoolStats().open, 4);
  }
  const PoolStats stats = database.GetPoolStats();
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.idle, 1);
  EXPECT_TRUE(testing::Eventually([&] { return test_db_.CountSessions() == 1; }));
}

TEST_F(PgConnectionPoolTest, ClosesConnectionsIdleLongerThanMaxIdleTime) {
  PgConfig config = Config(2, 2);
  config.max_idle_time = milliseconds(500);
  PgDatabase database(config);
  database.Ping();
  EXPECT_EQ(database.GetPoolStats().open, 1);

  EXPECT_TRUE(testing::Eventually([&] { return database.GetPoolStats().open == 0; }));
  EXPECT_TRUE(testing::Eventually([&] { return test_db_.CountSessions() == 0; }));
}

TEST_F(PgConnectionPoolTest, RetiresConnectionsOlderThanMaxLifetime) {
  PgConfig config = Config(1, 1);
  config.max_lifetime = milliseconds(300);
  PgDatabase database(config);
  std::int64_t first_pid = 0;
  {
    auto transaction = database.Begin();
    first_pid = BackendPid(*transaction);
  }
  // The idle connection reaches its lifetime long before its idle time; the sweep retires it.
  EXPECT_TRUE(testing::Eventually([&] { return database.GetPoolStats().open == 0; }));
  auto transaction = database.Begin();
  EXPECT_NE(BackendPid(*transaction), first_pid);
}

TEST_F(PgConnectionPoolTest, PingFailsAsTransientWhenTheServerIsUnreachable) {
  PgConfig config;
  config.conninfo = "postgresql://nobody@127.0.0.1:1/nowhere";
  PgDatabase database(config);
  try {
    database.Ping();
    FAIL() << "expected DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kTransient);
  }
  EXPECT_EQ(database.GetPoolStats().open, 0) << "the failed attempt gave its slot back";
}

}  // namespace
}  // namespace sagashop::db
