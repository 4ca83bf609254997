#include "outside_world/behaviour_change.h"

#include <gtest/gtest.h>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

std::string FieldOf(const FaceBehaviour& current, std::string_view body) {
  try {
    ApplyBehaviourChange(current, body);
  } catch (const FieldError& error) {
    return error.Field();
  }
  return "(accepted)";
}

TEST(BehaviourChangeTest, MembersLeftOutKeepTheirValue) {
  const FaceBehaviour current{.failure_rate = 0.2, .timeout_rate = 0.1, .timeout_delay_ms = 3000};
  const FaceBehaviour next = ApplyBehaviourChange(current, R"({"failureRate":0.5})");
  EXPECT_EQ(next.failure_rate, 0.5);
  EXPECT_EQ(next.timeout_rate, 0.1);
  EXPECT_EQ(next.timeout_delay_ms, 3000);
}

TEST(BehaviourChangeTest, ANewMedianAloneMakesTheLatencyConstantAgain) {
  const FaceBehaviour tail{.latency_median_ms = 10, .latency_p99_ms = 500};
  const FaceBehaviour next = ApplyBehaviourChange(tail, R"({"latencyMedianMs":40})");
  EXPECT_EQ(next.latency_median_ms, 40);
  EXPECT_EQ(next.latency_p99_ms, 40);
  const FaceBehaviour both =
      ApplyBehaviourChange(tail, R"({"latencyMedianMs":40,"latencyP99Ms":900})");
  EXPECT_EQ(both.latency_p99_ms, 900);
}

TEST(BehaviourChangeTest, RatesMayBeWrittenAsIntegers) {
  const FaceBehaviour next = ApplyBehaviourChange({}, R"({"failureRate":1,"timeoutRate":0})");
  EXPECT_EQ(next.failure_rate, 1.0);
}

TEST(BehaviourChangeTest, EveryBadValueIsRefusedNamingItsMember) {
  EXPECT_EQ(FieldOf({}, R"({"failureRate":1.5})"), "failureRate");
  EXPECT_EQ(FieldOf({}, R"({"failureRate":"high"})"), "failureRate");
  EXPECT_EQ(FieldOf({}, R"({"timeoutRate":-0.1})"), "timeoutRate");
  EXPECT_EQ(FieldOf({}, R"({"latencyMedianMs":-1})"), "latencyMedianMs");
  EXPECT_EQ(FieldOf({}, R"({"latencyMedianMs":2.5})"), "latencyMedianMs");
  EXPECT_EQ(FieldOf({}, R"({"latencyMedianMs":50,"latencyP99Ms":10})"), "latencyP99Ms");
  EXPECT_EQ(FieldOf({}, R"({"latencyP99Ms":10})"), "latencyP99Ms");  // no median to fit a tail
  EXPECT_EQ(FieldOf({}, R"({"timeoutDelayMs":700000})"), "timeoutDelayMs");
  EXPECT_EQ(FieldOf({}, R"({"failurRate":0.5})"), "failurRate");  // a typo is not ignored
  EXPECT_EQ(FieldOf({}, R"([1])"), "body");
  EXPECT_EQ(FieldOf({}, R"({"failureRate":)"), "body");
}

}  // namespace
}  // namespace sagashop::outside_world
