#include "platform/core/later.h"

#include <gtest/gtest.h>

#include <atomic>

#include "support/eventually.h"

namespace sagashop {
namespace {

using sagashop::testing::Eventually;
using std::chrono::microseconds;
using std::chrono::minutes;

TEST(LaterTest, AThousandWaitsOnOneWorkThreadAllRunOnTime) {
  Later later(1);
  std::atomic<int> on_time{0};
  for (int i = 0; i < 1000; ++i) {
    later.After(microseconds(1000 + i), [&](bool in_time) { on_time += in_time ? 1 : 0; });
  }
  EXPECT_TRUE(Eventually([&] { return on_time.load() == 1000; }));
}

TEST(LaterTest, StoppingCutsEveryWaitShortAndRunsWhatFollows) {
  Later later(2);
  std::atomic<int> cut_short{0};
  for (int i = 0; i < 10; ++i) {
    later.After(minutes(10), [&](bool in_time) { cut_short += in_time ? 0 : 1; });
  }
  later.Stop();  // returns once every follow-up ran
  EXPECT_EQ(cut_short.load(), 10);
}

TEST(LaterTest, AWaitAskedForAfterStoppingRunsAtOnceAsCutShort) {
  Later later(1);
  later.Stop();
  bool called_with = true;
  later.After(minutes(10), [&](bool in_time) { called_with = in_time; });
  EXPECT_FALSE(called_with);
}

TEST(LaterTest, AWaitAskedForFromAFollowUpIsCutShortByStopToo) {
  Later later(1);
  std::atomic<bool> second_ran{false};
  std::atomic<bool> first_ran{false};
  later.After(microseconds(0), [&](bool) {
    first_ran = true;
    later.After(minutes(10), [&](bool) { second_ran = true; });
  });
  ASSERT_TRUE(Eventually([&] { return first_ran.load(); }));
  later.Stop();
  EXPECT_TRUE(second_ran.load());
}

}  // namespace
}  // namespace sagashop
