#include "platform/db/counted_database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

// A database that does nothing but fail where told to.
class InertTransaction : public Transaction {
 public:
  explicit InertTransaction(Dialect dialect, bool fail_commit)
      : dialect_(dialect), fail_commit_(fail_commit) {}
  Dialect GetDialect() const override { return dialect_; }
  using Transaction::Execute;
  ResultSet Execute(const Query&, std::span<const Param>) override { return {}; }
  void ExecuteUnprepared(std::string_view) override {}
  void Notify(std::string_view) override {}
  void Commit() override {
    if (fail_commit_) throw DbError(DbError::Kind::kTransient, "commit failed");
  }

 private:
  Dialect dialect_;
  bool fail_commit_;
};

class InertDatabase : public Database {
 public:
  explicit InertDatabase(Dialect dialect) : dialect_(dialect) {}
  Dialect GetDialect() const override { return dialect_; }
  std::unique_ptr<Transaction> Begin() override {
    return std::make_unique<InertTransaction>(dialect_, fail_commit);
  }
  ResultSet RunStatement(const Query&, std::span<const Param>) override {
    if (fail_statement) throw DbError(DbError::Kind::kPermanent, "bad statement");
    return {};
  }
  void ApplyMigrations(std::span<const Migration>) override {}
  std::unique_ptr<NotificationListener> Listen(std::string_view) override { return nullptr; }
  std::unique_ptr<LeaderLease> TryAcquireLeadership(std::string_view) override { return nullptr; }
  void Ping() override {}
  PoolStats GetPoolStats() const override { return {}; }

  bool fail_commit = false;
  bool fail_statement = false;

 private:
  Dialect dialect_;
};

constexpr Query kAny{"any", "SELECT 1"};

TEST(CountedDatabaseTest, ATransactionIsBeginItsStatementsAndCommit) {
  auto inner = std::make_unique<InertDatabase>(Dialect::kPostgres);
  CountedDatabase database(std::move(inner));
  auto tx = database.Begin();
  tx->Execute(kAny);
  tx->Execute(kAny);
  tx->Notify("channel");  // rides with the COMMIT
  bool committed_action_ran = false;
  tx->OnCommit([&] { committed_action_ran = true; });
  tx->Commit();
  EXPECT_TRUE(committed_action_ran);
  const WorkStats stats = database.GetWorkStats();
  EXPECT_EQ(stats.statements, 4);
  EXPECT_EQ(stats.commits, 1);
  EXPECT_EQ(stats.rollbacks, 0);
}

TEST(CountedDatabaseTest, AnUncommittedOrFailedTransactionIsARollback) {
  auto inner = std::make_unique<InertDatabase>(Dialect::kSqlite);
  InertDatabase& raw = *inner;
  CountedDatabase database(std::move(inner));
  {
    auto tx = database.Begin();
    tx->Execute(kAny);
  }
  raw.fail_commit = true;
  {
    auto tx = database.Begin();
    bool committed_action_ran = false;
    tx->OnCommit([&] { committed_action_ran = true; });
    EXPECT_THROW(tx->Commit(), DbError);
    EXPECT_FALSE(committed_action_ran);
  }
  const WorkStats stats = database.GetWorkStats();
  EXPECT_EQ(stats.commits, 0);
  EXPECT_EQ(stats.rollbacks, 2);
  // BEGIN, a statement, ROLLBACK; BEGIN, the COMMIT that failed, ROLLBACK.
  EXPECT_EQ(stats.statements, 6);
}

TEST(CountedDatabaseTest, AStatementRunAloneIsOneStatementAndOneTransaction) {
  auto inner = std::make_unique<InertDatabase>(Dialect::kPostgres);
  InertDatabase& raw = *inner;
  CountedDatabase database(std::move(inner));
  database.RunStatement(kAny);
  raw.fail_statement = true;
  EXPECT_THROW(database.RunStatement(kAny), DbError);
  const WorkStats stats = database.GetWorkStats();
  EXPECT_EQ(stats.statements, 2);
  EXPECT_EQ(stats.commits, 1);
  EXPECT_EQ(stats.rollbacks, 1);
}

}  // namespace
}  // namespace sagashop::db
