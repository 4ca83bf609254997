#include "platform/core/delayed_calls.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "support/eventually.h"

namespace sagashop {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(DelayedCallsTest, ManyWaitAtOnceOnOneThreadAndEachRunsOnce) {
  std::atomic<int> ran{0};
  {
    DelayedCalls calls;
    for (int i = 0; i < 2'000; ++i) calls.After(milliseconds(20), [&ran] { ++ran; });
    EXPECT_TRUE(testing::Eventually([&] { return ran.load() == 2'000; }));
  }
  EXPECT_EQ(ran.load(), 2'000);
}

TEST(DelayedCallsTest, AShorterDelayRunsFirst) {
  std::mutex mutex;
  std::vector<int> order;
  {
    DelayedCalls calls;
    calls.After(milliseconds(300), [&] {
      std::lock_guard lock(mutex);
      order.push_back(2);
    });
    calls.After(microseconds(0), [&] {
      std::lock_guard lock(mutex);
      order.push_back(1);
    });
  }  // destruction waits for both
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace sagashop
