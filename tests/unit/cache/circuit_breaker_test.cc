#include "platform/cache/redis/circuit_breaker.h"

#include <gtest/gtest.h>

#include <chrono>

namespace sagashop::cache {
namespace {

using std::chrono::milliseconds;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
  CircuitBreaker breaker_{milliseconds(500), [this] { return now_; }};
};

TEST_F(CircuitBreakerTest, ClosedLetsEveryCallThrough) {
  EXPECT_FALSE(breaker_.IsOpen());
  EXPECT_TRUE(breaker_.AllowRequest());
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, AfterAFailureNothingGoesThroughUntilTheBackoffPassed) {
  breaker_.RecordFailure();
  EXPECT_TRUE(breaker_.IsOpen());
  EXPECT_FALSE(breaker_.AllowRequest());
  now_ += milliseconds(499);
  EXPECT_FALSE(breaker_.AllowRequest());
  now_ += milliseconds(1);
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, OnlyOneProbeAtATimeAndItsOutcomeDecides) {
  breaker_.RecordFailure();
  now_ += milliseconds(600);
  EXPECT_TRUE(breaker_.AllowRequest());   // the probe
  EXPECT_FALSE(breaker_.AllowRequest());  // everyone else waits for its outcome
  breaker_.RecordSuccess();
  EXPECT_FALSE(breaker_.IsOpen());
  EXPECT_TRUE(breaker_.AllowRequest());
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, AFailedProbeReopensForAnotherBackoff) {
  breaker_.RecordFailure();
  now_ += milliseconds(600);
  ASSERT_TRUE(breaker_.AllowRequest());
  breaker_.RecordFailure();
  now_ += milliseconds(499);
  EXPECT_FALSE(breaker_.AllowRequest());
  now_ += milliseconds(1);
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, AProbeThatNeverReportsIsFollowedByAnotherAfterTheBackoff) {
  breaker_.RecordFailure();
  now_ += milliseconds(600);
  ASSERT_TRUE(breaker_.AllowRequest());
  now_ += milliseconds(500);
  EXPECT_TRUE(breaker_.AllowRequest());
}

}  // namespace
}  // namespace sagashop::cache
