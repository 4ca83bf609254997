// Statements a transaction queues (Transaction::Queue), on both adapters: they take effect in
// order with the transaction's other statements, commit with it, and a failing one fails the
// transaction, never silently. PostgreSQL sends them with the next statement or the COMMIT; SQLite
// runs them at once.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "integration/database/items_table.h"
#include "integration/database/test_backend.h"
#include "platform/db/db_error.h"
#include "platform/db/run_in_transaction.h"

namespace sagashop::db {
namespace {

using testing::kCountItems;
using testing::kInsertItem;
constexpr Query kRenameItem{"test.queued_rename_item", "UPDATE items SET name = $2 WHERE id = $1"};
constexpr Query kNameOf{"test.queued_name_of", "SELECT name FROM items WHERE id = $1"};

class DatabaseQueuedStatementTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    auto transaction = database_->Begin();
    transaction->ExecuteUnprepared("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT)");
    transaction->Commit();
  }

  // One connection: a transaction that failed must leave it fit for the next one.
  testing::TestDatabaseOptions Options() const override { return {.max_connections = 1}; }

  std::int64_t CountItems() {
    return RunInTransaction(*database_,
                            [](Transaction& tx) { return tx.Execute(kCountItems).Int64(0, 0); });
  }
};

TEST_P(DatabaseQueuedStatementTest, QueuedStatementsTakeEffectInOrderBeforeTheNextStatement) {
  auto transaction = database_->Begin();
  transaction->Queue(kInsertItem, {std::int64_t{1}, "lamp"});
  transaction->Queue(kRenameItem, {std::int64_t{1}, "desk lamp"});
  transaction->Queue(kInsertItem, {std::int64_t{2}, "chair"});
  EXPECT_EQ(transaction->Execute(kNameOf, {std::int64_t{1}}).Text(0, 0), "desk lamp");
  EXPECT_EQ(transaction->Execute(kCountItems).Int64(0, 0), 2);
  transaction->Commit();
  transaction.reset();

  EXPECT_EQ(CountItems(), 2);
  auto other = backend_->Open();
  EXPECT_EQ(RunInTransaction(
                *other,
                [](Transaction& tx) { return tx.Execute(kNameOf, {std::int64_t{1}}).Text(0, 0); }),
            "desk lamp");
}

TEST_P(DatabaseQueuedStatementTest, ATransactionOfQueuedStatementsOnlyCommitsThemAll) {
  auto transaction = database_->Begin();
  transaction->Queue(kInsertItem, {std::int64_t{1}, "lamp"});
  transaction->Queue(kInsertItem, {std::int64_t{2}, "chair"});
  transaction->Commit();
  transaction.reset();
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(DatabaseQueuedStatementTest, AQueuedStatementThatFailsFailsTheTransactionAndLeavesNothing) {
  RunInTransaction(*database_, [](Transaction& tx) {
    tx.Execute(kInsertItem, {std::int64_t{1}, "lamp"});
  });
  try {
    auto transaction = database_->Begin();
    transaction->Queue(kInsertItem, {std::int64_t{2}, "chair"});
    transaction->Queue(kInsertItem, {std::int64_t{1}, "duplicate"});
    transaction->Queue(kInsertItem, {std::int64_t{3}, "table"});
    transaction->Execute(kCountItems);
    FAIL() << "the duplicate must fail the transaction";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kConstraint) << error.what();
  }
  EXPECT_EQ(CountItems(), 1);  // and the one connection serves the next transaction
}

TEST_P(DatabaseQueuedStatementTest, AQueuedStatementThatFailsAtCommitCommitsNothing) {
  RunInTransaction(*database_, [](Transaction& tx) {
    tx.Execute(kInsertItem, {std::int64_t{1}, "lamp"});
  });
  bool after_commit_ran = false;
  try {
    auto transaction = database_->Begin();
    transaction->OnCommit([&] { after_commit_ran = true; });
    transaction->Queue(kInsertItem, {std::int64_t{2}, "chair"});
    transaction->Queue(kInsertItem, {std::int64_t{1}, "duplicate"});
    transaction->Commit();
    FAIL() << "the duplicate must fail the commit";
  } catch (const DbError& error) {
    EXPECT_EQ(error.GetKind(), DbError::Kind::kConstraint) << error.what();
  }
  EXPECT_FALSE(after_commit_ran);
  EXPECT_EQ(CountItems(), 1);
  // The failed transaction is over on the server too: a new one starts clean.
  RunInTransaction(*database_, [](Transaction& tx) {
    tx.Queue(kInsertItem, {std::int64_t{2}, "chair"});
  });
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(DatabaseQueuedStatementTest, AnEmptyTransactionCommitsAndRunsItsAfterCommitActions) {
  bool after_commit_ran = false;
  auto transaction = database_->Begin();
  transaction->OnCommit([&] { after_commit_ran = true; });
  transaction->Commit();
  EXPECT_TRUE(after_commit_ran);
  EXPECT_THROW(transaction->Execute(kCountItems), DbError);  // finished
}

TEST_P(DatabaseQueuedStatementTest, QueuedStatementsOfATransactionDroppedUncommittedAreRolledBack) {
  {
    auto transaction = database_->Begin();
    transaction->Queue(kInsertItem, {std::int64_t{1}, "lamp"});
    transaction->Execute(kCountItems);
    transaction->Queue(kInsertItem, {std::int64_t{2}, "chair"});
  }
  EXPECT_EQ(CountItems(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseQueuedStatementTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::db
