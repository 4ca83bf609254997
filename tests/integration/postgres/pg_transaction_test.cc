#include "platform/db/postgres/pg_transaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "integration/database/pg_test_database.h"
#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_database.h"

namespace sagashop::db {
namespace {

using sagashop::testing::kBackendPid;
using ::testing::HasSubstr;

constexpr Query kInsertItem{"test.insert_item", "INSERT INTO items (id, name) VALUES ($1, $2)"};
constexpr Query kCountItems{"test.count_items", "SELECT count(*) FROM items"};

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

// OnCommit is how metrics count a change exactly once: a COMMIT answered with ROLLBACK is no
// commit.
TEST_F(PgTransactionTest, OnCommitActionsDoNotRunWhenCommitIsAnsweredWithRollback) {
  bool ran = false;
  auto failed = database_.Begin();
  failed->Execute(kInsertItem, {std::int64_t{1}, "first"});
  failed->OnCommit([&] { ran = true; });
  EXPECT_THROW(failed->Execute(kInsertItem, {std::int64_t{1}, "again"}), DbError);
  EXPECT_THROW(failed->Commit(), DbError);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace sagashop::db
