#include "platform/core/circuit_breaker.h"

#include <gtest/gtest.h>

#include <chrono>

namespace sagashop {
namespace {

using std::chrono::milliseconds;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
  CircuitBreaker breaker_{milliseconds(500), 1, [this] { return now_; }};
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

TEST_F(CircuitBreakerTest, WithAThresholdOnlyFailuresInARowOpenIt) {
  CircuitBreaker breaker(milliseconds(500), 3, [this] { return now_; });
  breaker.RecordFailure();
  breaker.RecordFailure();
  breaker.RecordSuccess();  // the count starts again
  breaker.RecordFailure();
  breaker.RecordFailure();
  EXPECT_FALSE(breaker.IsOpen());
  EXPECT_TRUE(breaker.AllowRequest());
  breaker.RecordFailure();
  EXPECT_TRUE(breaker.IsOpen());
  EXPECT_FALSE(breaker.AllowRequest());
  EXPECT_EQ(breaker.UntilProbe(), milliseconds(500));
}

TEST_F(CircuitBreakerTest, WithAThresholdOneFailedProbeReopensIt) {
  CircuitBreaker breaker(milliseconds(500), 3, [this] { return now_; });
  for (int i = 0; i < 3; ++i) breaker.RecordFailure();
  now_ += milliseconds(500);
  EXPECT_EQ(breaker.UntilProbe(), milliseconds(0));
  ASSERT_TRUE(breaker.AllowRequest());
  breaker.RecordFailure();
  EXPECT_FALSE(breaker.AllowRequest());
  breaker.RecordSuccess();
  EXPECT_FALSE(breaker.IsOpen());
}

}  // namespace
}  // namespace sagashop
