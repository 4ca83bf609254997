#include "outside_world/face.h"

#include <gtest/gtest.h>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

using std::chrono::seconds;

const Face::Clock::time_point kNow = Face::Clock::time_point() + std::chrono::hours(1);

int CountFates(Face& face, Fate fate, int calls) {
  int count = 0;
  for (int i = 0; i < calls; ++i) count += face.Decide(kNow).fate == fate ? 1 : 0;
  return count;
}

TEST(FaceTest, ByDefaultEveryCallIsAnsweredAtOnce) {
  Face face("payment", FaceBehaviour{}, 1);
  for (int i = 0; i < 100; ++i) {
    const Decision decision = face.Decide(kNow);
    EXPECT_EQ(decision.fate, Fate::kAnswer);
    EXPECT_EQ(decision.latency.count(), 0);
  }
}

TEST(FaceTest, RatesOfOneAlwaysHitAndTheFailureIsDrawnFirst) {
  Face face("payment", FaceBehaviour{.failure_rate = 1, .timeout_rate = 1}, 1);
  EXPECT_EQ(CountFates(face, Fate::kFailure, 100), 100);
  face.SetBehaviour({.failure_rate = 0, .timeout_rate = 1, .timeout_delay_ms = 2000});
  const Decision late = face.Decide(kNow);
  EXPECT_EQ(late.fate, Fate::kAnswerLate);
  EXPECT_EQ(late.late_by, std::chrono::milliseconds(2000));
}

TEST(FaceTest, AFailureRateFailsAboutThatShareOfCalls) {
  Face face("carrier", FaceBehaviour{.failure_rate = 0.3}, 7);
  const int failures = CountFates(face, Fate::kFailure, 10000);
  EXPECT_NEAR(failures, 3000, 300);
}

TEST(FaceTest, AnOutageAnswersEveryCallUntilItEndsAndSaysWhenToRetry) {
  Face face("payment", FaceBehaviour{}, 1);
  face.StartOutage(seconds(20), kNow);
  const Decision during = face.Decide(kNow + seconds(5));
  EXPECT_EQ(during.fate, Fate::kOutage);
  EXPECT_EQ(during.retry_after, seconds(15));
  EXPECT_EQ(face.OutageSecondsLeft(kNow + seconds(5)), 15);
  EXPECT_EQ(face.Decide(kNow + seconds(20)).fate, Fate::kAnswer);
  EXPECT_EQ(face.OutageSecondsLeft(kNow + seconds(20)), 0);
}

TEST(FaceTest, AnOutageOfZeroSecondsEndsOneAtOnce) {
  Face face("payment", FaceBehaviour{}, 1);
  face.StartOutage(seconds(60), kNow);
  face.StartOutage(seconds(0), kNow + seconds(1));
  EXPECT_EQ(face.Decide(kNow + seconds(1)).fate, Fate::kAnswer);
}

TEST(FaceTest, AnInvalidBehaviourIsRefusedAndChangesNothing) {
  Face face("payment", FaceBehaviour{.latency_median_ms = 5, .latency_p99_ms = 5}, 1);
  try {
    face.SetBehaviour({.latency_median_ms = 5, .latency_p99_ms = 5, .failure_rate = 1.5});
    FAIL() << "accepted a failure rate of 1.5";
  } catch (const FieldError& error) {
    EXPECT_EQ(error.Field(), "failureRate");
  }
  EXPECT_EQ(face.Behaviour().failure_rate, 0);
}

}  // namespace
}  // namespace sagashop::outside_world
