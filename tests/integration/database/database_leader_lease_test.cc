// Leader leases through the database port, on both adapters: one holder per role among all the
// instances on one database.
#include <gtest/gtest.h>

#include "integration/database/test_backend.h"

namespace sagashop::db {
namespace {

class DatabaseLeaderLeaseTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    second_ = backend_->Open();
  }

  std::unique_ptr<Database> second_;  // another instance on the same database
};

TEST_P(DatabaseLeaderLeaseTest, IsExclusiveAcrossInstancesAndPerRole) {
  auto lease = database_->TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  EXPECT_TRUE(lease->StillHeld());

  EXPECT_EQ(second_->TryAcquireLeadership("outbox-relay"), nullptr) << "another instance";
  EXPECT_EQ(database_->TryAcquireLeadership("outbox-relay"), nullptr) << "the same instance";
  EXPECT_NE(second_->TryAcquireLeadership("reservation-sweeper"), nullptr) << "roles are separate";
  EXPECT_TRUE(lease->StillHeld());
}

TEST_P(DatabaseLeaderLeaseTest, PassesOnWhenTheLeaseIsDestroyed) {
  auto lease = database_->TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  ASSERT_EQ(second_->TryAcquireLeadership("outbox-relay"), nullptr);
  lease.reset();

  auto successor = second_->TryAcquireLeadership("outbox-relay");
  ASSERT_NE(successor, nullptr);
  EXPECT_TRUE(successor->StillHeld());
}

TEST_P(DatabaseLeaderLeaseTest, TakesNoConnectionFromThePool) {
  const int open_before = database_->GetPoolStats().open;
  auto lease = database_->TryAcquireLeadership("outbox-relay");
  ASSERT_NE(lease, nullptr);
  EXPECT_EQ(database_->GetPoolStats().open, open_before);
  EXPECT_EQ(database_->GetPoolStats().in_use, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseLeaderLeaseTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::db
