#include "platform/db/sqlite/sqlite_leader_lease.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "platform/db/sqlite/sqlite_database.h"
#include "sqlite_test_dir.h"

namespace sagashop::db {
namespace {

class SqliteLeaderLeaseTest : public ::testing::Test {
 protected:
  // Runs `body` in a child process and returns its exit code.
  template <typename Body>
  int InChild(Body body) {
    const pid_t child = fork();
    if (child == 0) _exit(body());
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  testing::SqliteTestDir dir_;
  SqliteDatabase first_{dir_.Config()};
  SqliteDatabase second_{dir_.Config()};
};

TEST(SqliteLeaderLeaseLockPathTest, SitsBesideTheDatabaseWithASafeName) {
  EXPECT_EQ(SqliteLeaderLease::LockPath("/data/order.db", "outbox-relay"),
            "/data/order.db.outbox-relay.lock");
  EXPECT_EQ(SqliteLeaderLease::LockPath("/data/order.db", "relay:order/x y"),
            "/data/order.db.relay_order_x_y.lock");
}

TEST_F(SqliteLeaderLeaseTest, IsExclusiveAcrossProcesses) {
  auto lease = first_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  const SqliteConfig config = dir_.Config();
  EXPECT_EQ(InChild([&] {
              SqliteDatabase database(config);
              return database.TryAcquireLeadership("outbox-relay") == nullptr ? 0 : 1;
            }),
            0)
      << "another process must not get the role while this one holds it";
  lease.reset();
  EXPECT_EQ(InChild([&] {
              SqliteDatabase database(config);
              return database.TryAcquireLeadership("outbox-relay") != nullptr ? 0 : 1;
            }),
            0)
      << "released here, so another process gets it";
}

TEST_F(SqliteLeaderLeaseTest, PassesOnWhenTheHoldingProcessIsKilled) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const SqliteConfig config = dir_.Config();
  const pid_t holder = fork();
  ASSERT_GE(holder, 0);
  if (holder == 0) {
    close(ready[0]);
    SqliteDatabase database(config);
    auto lease = database.TryAcquireLeadership("outbox-relay");
    const char held = lease != nullptr ? 'y' : 'n';
    if (write(ready[1], &held, 1) != 1) _exit(2);
    while (true) pause();  // holds the lease until killed
  }
  close(ready[1]);
  char held = 0;
  ASSERT_EQ(read(ready[0], &held, 1), 1);  // waits for the fact: the child holds the lease
  close(ready[0]);
  ASSERT_EQ(held, 'y');

  EXPECT_EQ(first_.TryAcquireLeadership("outbox-relay"), nullptr);
  ASSERT_EQ(kill(holder, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(holder, &status, 0), holder);  // the kernel has closed its files by now

  auto successor = first_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(successor, nullptr);
  EXPECT_TRUE(successor->StillHeld());
}

TEST_F(SqliteLeaderLeaseTest, IsLostWhenTheLockFileIsReplaced) {
  auto lease = first_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  std::filesystem::remove(SqliteLeaderLease::LockPath(first_.Path(), "outbox-relay"));
  EXPECT_FALSE(lease->StillHeld());
  EXPECT_FALSE(lease->StillHeld()) << "stays lost";
}

}  // namespace
}  // namespace sagashop::db
