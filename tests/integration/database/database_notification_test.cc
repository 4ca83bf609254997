// Notifications through the database port, on both adapters: a listener wakes once a transaction
// that notified its channel commits, and at no other time.
#include <gtest/gtest.h>

#include <chrono>
#include <string_view>
#include <thread>

#include "integration/database/test_backend.h"

namespace sagashop::db {
namespace {

using std::chrono::milliseconds;

constexpr auto kArrives = std::chrono::seconds(10);  // generous: a notification is expected
constexpr auto kQuiet = milliseconds(300);           // how long silence must last to count

class DatabaseNotificationTest : public testing::DatabaseTest {
 protected:
  void NotifyAndCommit(std::string_view channel) {
    auto transaction = database_->Begin();
    transaction->Notify(channel);
    transaction->Commit();
  }
};

TEST_P(DatabaseNotificationTest, WakesOnceAfterACommitThatNotified) {
  auto listener = database_->Listen("outbox_order");
  EXPECT_FALSE(listener->WaitForNotification(kQuiet));

  auto transaction = database_->Begin();
  transaction->Notify("outbox_order");
  EXPECT_FALSE(listener->WaitForNotification(kQuiet)) << "not before the commit";
  transaction->Commit();
  EXPECT_TRUE(listener->WaitForNotification(kArrives));
  EXPECT_FALSE(listener->WaitForNotification(kQuiet)) << "consumed by the first wait";
}

TEST_P(DatabaseNotificationTest, StaysAsleepAfterARollbackOrAnotherChannel) {
  auto listener = database_->Listen("outbox_order");
  {
    auto transaction = database_->Begin();
    transaction->Notify("outbox_order");
  }
  NotifyAndCommit("outbox_payment");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(listener->WaitForNotification(kQuiet));
  EXPECT_GE(std::chrono::steady_clock::now() - started, kQuiet);

  NotifyAndCommit("outbox_order");
  EXPECT_TRUE(listener->WaitForNotification(kArrives)) << "still listening";
}

TEST_P(DatabaseNotificationTest, KeepsTheChannelNameExactly) {
  auto listener = database_->Listen("Outbox.Order-Events");
  NotifyAndCommit("outbox.order-events");
  EXPECT_FALSE(listener->WaitForNotification(kQuiet));
  NotifyAndCommit("Outbox.Order-Events");
  EXPECT_TRUE(listener->WaitForNotification(kArrives));
}

TEST_P(DatabaseNotificationTest, WakesEveryListenerOfTheChannelOnly) {
  auto first = database_->Listen("outbox");
  auto second = database_->Listen("outbox");
  auto other = database_->Listen("elsewhere");
  auto same_database = backend_->Open();  // another instance hears it too
  auto third = same_database->Listen("outbox");

  NotifyAndCommit("outbox");
  EXPECT_TRUE(first->WaitForNotification(kArrives));
  EXPECT_TRUE(second->WaitForNotification(kArrives));
  EXPECT_TRUE(third->WaitForNotification(kArrives));
  EXPECT_FALSE(other->WaitForNotification(kQuiet));
}

TEST_P(DatabaseNotificationTest, WakesAWaitingThread) {
  auto listener = database_->Listen("outbox");
  std::thread notifier([&] { NotifyAndCommit("outbox"); });
  EXPECT_TRUE(listener->WaitForNotification(kArrives));
  notifier.join();
}

TEST_P(DatabaseNotificationTest, ListensWithoutAConnectionFromThePool) {
  const int open_before = database_->GetPoolStats().open;
  auto listener = database_->Listen("outbox_order");
  EXPECT_EQ(database_->GetPoolStats().open, open_before);
  EXPECT_EQ(database_->GetPoolStats().in_use, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseNotificationTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::db
