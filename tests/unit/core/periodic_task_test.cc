#include "platform/core/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>

#include "support/eventually.h"

namespace sagashop {
namespace {

TEST(PeriodicTaskTest, RunsAgainAndAgainUntilStopped) {
  std::atomic<int> runs{0};
  PeriodicTask task(std::chrono::milliseconds(1), [&] { ++runs; });
  ASSERT_TRUE(testing::Eventually([&] { return runs >= 3; }));
  task.Stop();
  const int after_stop = runs;
  task.Stop();  // idempotent
  EXPECT_EQ(runs, after_stop);
}

TEST(PeriodicTaskTest, StoppingDoesNotWaitForTheNextRun) {
  std::atomic<int> runs{0};
  // Were Stop() to wait out the interval, this test would hang for a day.
  PeriodicTask task(std::chrono::hours(24), [&] { ++runs; });
  task.Stop();
  EXPECT_EQ(runs, 0);
}

}  // namespace
}  // namespace sagashop
