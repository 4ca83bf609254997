#include "platform/core/token_bucket.h"

#include <gtest/gtest.h>

#include <chrono>

namespace sagashop {
namespace {

using std::chrono::milliseconds;

TEST(TokenBucketTest, ABurstIsTakenAtOnceThenTheRateRefillsIt) {
  const auto start = TokenBucket::Clock::time_point{} + std::chrono::hours(1);
  TokenBucket bucket(/*per_second=*/10, /*burst=*/3, start);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.TryTake(start)) << i;
  EXPECT_FALSE(bucket.TryTake(start));
  EXPECT_EQ(bucket.UntilNextToken(), milliseconds(100));

  EXPECT_FALSE(bucket.TryTake(start + milliseconds(99)));
  EXPECT_TRUE(bucket.TryTake(start + milliseconds(100)));
  EXPECT_FALSE(bucket.TryTake(start + milliseconds(100)));
}

TEST(TokenBucketTest, ARefusedRequestTakesNothingAndTheBucketNeverHoldsMoreThanItsBurst) {
  const auto start = TokenBucket::Clock::time_point{} + std::chrono::hours(1);
  TokenBucket bucket(/*per_second=*/1, /*burst=*/2, start);
  EXPECT_TRUE(bucket.TryTake(start));
  EXPECT_TRUE(bucket.TryTake(start));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(bucket.TryTake(start + milliseconds(500)));
  EXPECT_TRUE(bucket.TryTake(start + milliseconds(1000)));  // refusals cost no tokens

  EXPECT_FALSE(bucket.IsFull(start + milliseconds(2000)));
  EXPECT_TRUE(bucket.IsFull(start + milliseconds(3000)));
  const auto later = start + std::chrono::hours(1);
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_FALSE(bucket.TryTake(later)) << "an hour's rest still refills only the burst";
}

}  // namespace
}  // namespace sagashop
