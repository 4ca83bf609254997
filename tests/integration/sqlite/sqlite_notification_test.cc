#include <gtest/gtest.h>

#include <thread>

#include "platform/db/sqlite/sqlite_database.h"
#include "platform/db/sqlite/sqlite_notification_hub.h"
#include "sqlite_test_dir.h"

namespace sagashop::db {
namespace {

constexpr auto kQuiet = std::chrono::milliseconds(50);
constexpr auto kPatience = std::chrono::seconds(10);

class SqliteNotificationTest : public ::testing::Test {
 protected:
  testing::SqliteTestDir dir_;
  SqliteDatabase database_{dir_.Config()};
};

TEST_F(SqliteNotificationTest, WakesAfterACommitThatNotified) {
  auto listener = database_.Listen("outbox");
  EXPECT_FALSE(listener->WaitForNotification(kQuiet));

  auto transaction = database_.Begin();
  transaction->Notify("outbox");
  EXPECT_FALSE(listener->WaitForNotification(kQuiet)) << "not before the commit";
  transaction->Commit();
  EXPECT_TRUE(listener->WaitForNotification(kPatience));
  EXPECT_FALSE(listener->WaitForNotification(kQuiet)) << "consumed by the first wait";
}

TEST_F(SqliteNotificationTest, StaysQuietAfterARollback) {
  auto listener = database_.Listen("outbox");
  {
    auto transaction = database_.Begin();
    transaction->Notify("outbox");
  }
  EXPECT_FALSE(listener->WaitForNotification(kQuiet));
}

TEST_F(SqliteNotificationTest, WakesEveryListenerOfTheChannelOnly) {
  auto first = database_.Listen("outbox");
  auto second = database_.Listen("outbox");
  auto other = database_.Listen("elsewhere");
  SqliteDatabase same_file(dir_.Config());  // another object on the same file hears it too
  auto third = same_file.Listen("outbox");

  auto transaction = database_.Begin();
  transaction->Notify("outbox");
  transaction->Commit();
  EXPECT_TRUE(first->WaitForNotification(kPatience));
  EXPECT_TRUE(second->WaitForNotification(kPatience));
  EXPECT_TRUE(third->WaitForNotification(kPatience));
  EXPECT_FALSE(other->WaitForNotification(kQuiet));
}

TEST_F(SqliteNotificationTest, WakesAWaitingThread) {
  auto listener = database_.Listen("outbox");
  std::thread notifier([&] {
    auto transaction = database_.Begin();
    transaction->Notify("outbox");
    transaction->Commit();
  });
  EXPECT_TRUE(listener->WaitForNotification(kPatience));
  notifier.join();
}

}  // namespace
}  // namespace sagashop::db
