#include "platform/db/postgres/pg_leader_lease.h"

#include <gtest/gtest.h>

#include "integration/database/pg_test_database.h"
#include "platform/db/postgres/pg_advisory_lock_key.h"
#include "platform/db/postgres/pg_database.h"
#include "support/eventually.h"

namespace sagashop::db {
namespace {

class PgLeaderLeaseTest : public ::testing::Test {
 protected:
  testing::PgTestDatabase test_db_;
  PgDatabase first_{test_db_.Config()};
  PgDatabase second_{test_db_.Config()};
};

TEST(PgAdvisoryLockKeyTest, IsStableFnv1a) {
  // Reference values of 64-bit FNV-1a; every build and process must agree on them.
  EXPECT_EQ(PgAdvisoryLockKey(""), static_cast<std::int64_t>(0xcbf29ce484222325ULL));
  EXPECT_EQ(PgAdvisoryLockKey("a"), static_cast<std::int64_t>(0xaf63dc4c8601ec8cULL));
  EXPECT_NE(PgAdvisoryLockKey("relay:order_db"), PgAdvisoryLockKey("relay:payment_db"));
}

TEST_F(PgLeaderLeaseTest, PassesOnWhenTheLeaseIsDestroyed) {
  auto lease = first_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  ASSERT_EQ(second_.TryAcquireLeadership("outbox-relay"), nullptr);
  lease.reset();

  auto successor = second_.TryAcquireLeadership("outbox-relay");
  EXPECT_NE(successor, nullptr);
  EXPECT_TRUE(testing::Eventually([&] { return test_db_.CountSessions() == 1; }))
      << "the old lease closed its connection";
}

TEST_F(PgLeaderLeaseTest, IsLostWhenTheHoldersSessionIsTerminated) {
  auto lease = first_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  const int holder = test_db_.AdvisoryLockHolder();
  ASSERT_NE(holder, 0);
  test_db_.TerminateSession(holder);

  EXPECT_TRUE(testing::Eventually([&] { return !lease->StillHeld(); }, std::chrono::seconds(10)));
  auto successor = second_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(successor, nullptr);
  EXPECT_TRUE(successor->StillHeld());
  EXPECT_FALSE(lease->StillHeld()) << "a lost lease stays lost";
  lease.reset();  // destroying a lost lease is harmless
  EXPECT_TRUE(successor->StillHeld());
}

TEST_F(PgLeaderLeaseTest, UsesItsOwnConnectionOutsideThePool) {
  auto lease = first_.TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  EXPECT_EQ(first_.GetPoolStats().open, 0);
  EXPECT_NE(test_db_.AdvisoryLockHolder(), 0);
}

}  // namespace
}  // namespace sagashop::db
