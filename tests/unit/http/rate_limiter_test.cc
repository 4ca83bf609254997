#include "platform/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace sagashop::http {
namespace {

using std::chrono::milliseconds;

const auto kStart = RateLimiter::Clock::time_point{} + std::chrono::hours(1);

// Keys are clients' addresses here; any string works the same.
std::string Address(const char* text) {
  return text;
}

TEST(RateLimiterTest, EachKeyHasItsOwnBucket) {
  RateLimiter limiter(/*per_second=*/1, /*burst=*/2);
  EXPECT_TRUE(limiter.Take(Address("10.0.0.1"), kStart).allowed);
  EXPECT_TRUE(limiter.Take(Address("10.0.0.1"), kStart).allowed);
  const auto refused = limiter.Take(Address("10.0.0.1"), kStart);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, std::chrono::seconds(1));
  EXPECT_TRUE(limiter.Take(Address("10.0.0.2"), kStart).allowed);
  EXPECT_TRUE(limiter.Take(Address("::1"), kStart).allowed);
}

TEST(RateLimiterTest, AFullMemoryForgetsRefilledKeysFirstThenTheOldest) {
  RateLimiter limiter(/*per_second=*/1, /*burst=*/1, /*max_keys=*/2);
  EXPECT_TRUE(limiter.Take(Address("10.0.0.1"), kStart).allowed);
  EXPECT_TRUE(limiter.Take(Address("10.0.0.2"), kStart + milliseconds(10)).allowed);
  // Neither has refilled: the third client pushes out the one seen longest ago, 10.0.0.1.
  EXPECT_TRUE(limiter.Take(Address("10.0.0.3"), kStart + milliseconds(20)).allowed);
  EXPECT_TRUE(limiter.Take(Address("10.0.0.1"), kStart + milliseconds(30)).allowed)
      << "forgotten, so it starts afresh";
  // 10.0.0.2 was pushed out in turn for 10.0.0.1; 10.0.0.3 is remembered and still empty.
  EXPECT_FALSE(limiter.Take(Address("10.0.0.3"), kStart + milliseconds(40)).allowed);
}

TEST(RateLimiterTest, AFullMemoryForgetsTheOldestEighthAtOnce) {
  RateLimiter limiter(/*per_second=*/1, /*burst=*/1, /*max_keys=*/16);
  auto address = [](int n) { return "10.0.1." + std::to_string(n); };
  for (int n = 1; n <= 16; ++n) {
    EXPECT_TRUE(limiter.Take(address(n), kStart + milliseconds(n)).allowed);
  }
  // The seventeenth makes room for two: the two seen longest ago are forgotten.
  EXPECT_TRUE(limiter.Take(address(17), kStart + milliseconds(17)).allowed);
  EXPECT_FALSE(limiter.Take(address(3), kStart + milliseconds(18)).allowed) << "remembered";
  EXPECT_TRUE(limiter.Take(address(2), kStart + milliseconds(18)).allowed)
      << "forgotten with the oldest, though one would have made room";
}

}  // namespace
}  // namespace sagashop::http
