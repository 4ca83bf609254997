#include "platform/db/postgres/pg_notification_listener.h"

#include <gtest/gtest.h>

#include <chrono>

#include "integration/database/pg_test_database.h"
#include "platform/db/postgres/pg_database.h"
#include "support/eventually.h"

namespace sagashop::db {
namespace {

using std::chrono::milliseconds;

constexpr auto kArrives = std::chrono::seconds(10);  // generous: a notification is expected
constexpr auto kQuiet = milliseconds(300);           // how long silence must last to count

class PgNotificationListenerTest : public ::testing::Test {
 protected:
  void NotifyAndCommit(std::string_view channel) {
    auto transaction = database_.Begin();
    transaction->Notify(channel);
    transaction->Commit();
  }

  testing::PgTestDatabase test_db_;
  PgDatabase database_{test_db_.Config()};
};

TEST_F(PgNotificationListenerTest, ListensOnItsOwnConnectionOutsideThePool) {
  auto listener = database_.Listen("outbox_order");
  EXPECT_EQ(database_.GetPoolStats().open, 0);
  EXPECT_NE(test_db_.SessionRunning("LISTEN"), 0);
}

TEST_F(PgNotificationListenerTest, RecoversAfterItsSessionIsTerminated) {
  auto listener = database_.Listen("outbox_order");
  const int old_pid = test_db_.SessionRunning("LISTEN");
  ASSERT_NE(old_pid, 0);
  test_db_.TerminateSession(old_pid);

  // Notifications may have been missed while it was down, so reconnecting counts as a wake-up.
  EXPECT_TRUE(listener->WaitForNotification(kArrives));
  const int new_pid = test_db_.SessionRunning("LISTEN");
  EXPECT_NE(new_pid, 0);
  EXPECT_NE(new_pid, old_pid);

  EXPECT_FALSE(listener->WaitForNotification(kQuiet));
  NotifyAndCommit("outbox_order");
  EXPECT_TRUE(listener->WaitForNotification(kArrives));
}

}  // namespace
}  // namespace sagashop::db
