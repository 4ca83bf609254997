#include "platform/outbox/commit_horizon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace sagashop::outbox {
namespace {

using ::testing::_;
using ::testing::Return;

// Answers the horizon's one question, "how many of the snapshot's transactions still run here".
class MockDatabase : public db::Database {
 public:
  db::Dialect GetDialect() const override { return db::Dialect::kPostgres; }
  MOCK_METHOD(std::unique_ptr<db::Transaction>, Begin, (), (override));
  MOCK_METHOD(db::ResultSet, RunStatement, (const db::Query&, std::span<const db::Param>),
              (override));
  MOCK_METHOD(void, ApplyMigrations, (std::span<const db::Migration>), (override));
  MOCK_METHOD(std::unique_ptr<db::NotificationListener>, Listen, (std::string_view), (override));
  MOCK_METHOD(std::unique_ptr<db::LeaderLease>, TryAcquireLeadership, (std::string_view),
              (override));
  MOCK_METHOD(void, Ping, (), (override));
  MOCK_METHOD(db::PoolStats, GetPoolStats, (), (const, override));
};

db::ResultSet StillRunning(std::int64_t count) {
  return db::ResultSet({"count"}, {{std::to_string(count)}}, 1);
}

std::size_t Admit(CommitHorizon& horizon, std::vector<std::int64_t> ids) {
  return horizon.Admit(ids, "100:105:101,103");
}

TEST(CommitHorizonTest, ANewHorizonPublishesNothingUntilTheTransactionsItSawHaveEnded) {
  CommitHorizon horizon(db::Dialect::kPostgres);
  MockDatabase database;
  EXPECT_EQ(Admit(horizon, {5, 6, 8}), 0u);
  EXPECT_TRUE(horizon.Waiting());
  EXPECT_TRUE(horizon.FreshGap());  // worth asking at once

  EXPECT_CALL(database, RunStatement(_, _)).WillOnce(Return(StillRunning(1)));
  horizon.Refresh(database);
  EXPECT_TRUE(horizon.Waiting());
  EXPECT_FALSE(horizon.FreshGap());  // asked: now the relay pauses before asking again
  EXPECT_EQ(Admit(horizon, {5, 6, 8}), 0u);

  EXPECT_CALL(database, RunStatement(_, _)).WillOnce(Return(StillRunning(0)));
  horizon.Refresh(database);
  EXPECT_FALSE(horizon.Waiting());
  // Everything up to 8 is settled: 7 was rolled back and is skipped for good.
  EXPECT_EQ(Admit(horizon, {5, 6, 8}), 3u);
}

TEST(CommitHorizonTest, StopsAtTheFirstGapAndPassesItOnceItFills) {
  CommitHorizon horizon(db::Dialect::kPostgres);
  MockDatabase database;
  Admit(horizon, {1});
  EXPECT_CALL(database, RunStatement(_, _)).WillOnce(Return(StillRunning(0)));
  horizon.Refresh(database);
  ASSERT_EQ(Admit(horizon, {1}), 1u);

  EXPECT_EQ(Admit(horizon, {2, 3, 5, 6}), 2u);  // 4 is not visible yet
  EXPECT_TRUE(horizon.Waiting());
  EXPECT_EQ(Admit(horizon, {4, 5, 6, 7}), 4u);  // 4 committed: contiguous again
}

TEST(CommitHorizonTest, RowsAtOrBelowTheSettledIdAlwaysGo) {
  CommitHorizon horizon(db::Dialect::kPostgres);
  MockDatabase database;
  Admit(horizon, {10});
  EXPECT_CALL(database, RunStatement(_, _)).WillOnce(Return(StillRunning(0)));
  horizon.Refresh(database);
  // A partly acknowledged batch leaves rows pending below what is settled; they go again first.
  EXPECT_EQ(Admit(horizon, {3, 9, 10, 11}), 4u);
}

TEST(CommitHorizonTest, SqliteCommitsIdsInOrderSoEveryVisibleRowGoes) {
  CommitHorizon horizon(db::Dialect::kSqlite);
  EXPECT_EQ(horizon.Admit(std::vector<std::int64_t>{4, 9, 10}, ""), 3u);
  EXPECT_FALSE(horizon.Waiting());
}

}  // namespace
}  // namespace sagashop::outbox
