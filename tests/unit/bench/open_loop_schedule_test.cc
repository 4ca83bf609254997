#include "bench/open_loop_schedule.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sagashop::bench {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(OpenLoopScheduleTest, SendTimesFollowTheRate) {
  const auto start = OpenLoopSchedule::Clock::time_point{} + seconds(100);
  const OpenLoopSchedule schedule(start, 250);  // one every 4 ms
  EXPECT_EQ(schedule.DueTime(0), start);
  EXPECT_EQ(schedule.DueTime(1), start + milliseconds(4));
  EXPECT_EQ(schedule.DueTime(250), start + seconds(1));
  for (std::int64_t i = 1; i < 10'000; ++i) {
    EXPECT_EQ(schedule.DueTime(i) - schedule.DueTime(i - 1), milliseconds(4)) << i;
  }
}

TEST(OpenLoopScheduleTest, ManyRequestsLaterTheScheduleHasNotDrifted) {
  const auto start = OpenLoopSchedule::Clock::time_point{};
  const OpenLoopSchedule schedule(start, 3);  // a third of a second: not exact in binary
  const auto due = schedule.DueTime(3'000'000);
  EXPECT_LE(std::chrono::abs(due - (start + seconds(1'000'000))), microseconds(1));
}

TEST(OpenLoopScheduleTest, CountsWhatIsDueWithinATime) {
  const OpenLoopSchedule schedule(OpenLoopSchedule::Clock::time_point{}, 1000);
  EXPECT_EQ(schedule.DueWithin(seconds(0)), 0);
  EXPECT_EQ(schedule.DueWithin(microseconds(1)), 1);  // request 0, due at once
  EXPECT_EQ(schedule.DueWithin(seconds(2)), 2000);
  EXPECT_EQ(schedule.DueWithin(microseconds(2500)), 3);
}

TEST(OpenLoopScheduleTest, RefusesARateThatIsNotPositive) {
  EXPECT_THROW(OpenLoopSchedule({}, 0), std::invalid_argument);
  EXPECT_THROW(OpenLoopSchedule({}, -5), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::bench
