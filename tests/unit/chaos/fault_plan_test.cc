#include "e2e/chaos/fault_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>

namespace sagashop::chaos {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

PlanSettings TenMinutes(std::uint64_t seed) {
  return {
      .seed = seed,
      .duration = seconds(600),
      .kinds = {FaultKind::kKillService, FaultKind::kFreezeService, FaultKind::kStopRedis,
                FaultKind::kKillBroker, FaultKind::kFailOverDatabase, FaultKind::kPartitionDatabase,
                FaultKind::kSlowDatabase, FaultKind::kSkewClock, FaultKind::kPartitionKafka},
      .services = {"order", "payment", "inventory", "delivery"},
      .brokers = {"1", "2", "3"}};
}

bool SamePlan(const std::vector<PlannedFault>& a, const std::vector<PlannedFault>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Describe(a[i]) != Describe(b[i])) return false;
  }
  return true;
}

TEST(FaultPlanTest, TheSameSeedGivesTheSameScheduleAndAnotherSeedAnother) {
  EXPECT_TRUE(SamePlan(PlanFaults(TenMinutes(42)), PlanFaults(TenMinutes(42))));
  EXPECT_FALSE(SamePlan(PlanFaults(TenMinutes(42)), PlanFaults(TenMinutes(43))));
}

TEST(FaultPlanTest, FaultsComeOneAtATimeWithinTheRunAndWithinTheirBounds) {
  const PlanSettings settings = TenMinutes(7);
  const std::vector<PlannedFault> plan = PlanFaults(settings);
  ASSERT_GT(plan.size(), 10U);
  milliseconds previous_end(0);
  for (const PlannedFault& fault : plan) {
    EXPECT_GE(fault.start - previous_end, settings.min_gap) << Describe(fault);
    EXPECT_LE(fault.start - previous_end, settings.max_gap) << Describe(fault);
    EXPECT_GE(fault.length, settings.min_length) << Describe(fault);
    EXPECT_LE(fault.length, settings.max_length) << Describe(fault);
    previous_end = fault.start + fault.length;
  }
  EXPECT_LE(previous_end, settings.duration);
}

TEST(FaultPlanTest, EveryRoundHasEveryKindSoAShortRunCoversThemAll) {
  PlanSettings settings = TenMinutes(3);
  settings.duration = seconds(150);  // nine kinds of at most 8 + 8 s
  settings.max_length = seconds(8);
  const std::vector<PlannedFault> plan = PlanFaults(settings);
  ASSERT_GE(plan.size(), settings.kinds.size());
  std::set<FaultKind> first_round;
  for (std::size_t i = 0; i < settings.kinds.size(); ++i) first_round.insert(plan[i].kind);
  EXPECT_EQ(first_round.size(), settings.kinds.size());
}

TEST(FaultPlanTest, EachFaultHitsWhatItsKindCanHit) {
  const PlanSettings settings = TenMinutes(11);
  const auto among = [](const std::vector<std::string>& targets, const std::string& target) {
    return std::find(targets.begin(), targets.end(), target) != targets.end();
  };
  for (const PlannedFault& fault : PlanFaults(settings)) {
    switch (fault.kind) {
      case FaultKind::kStopRedis:
      case FaultKind::kFailOverDatabase:
        EXPECT_TRUE(fault.target.empty()) << Describe(fault);
        break;
      case FaultKind::kKillBroker:
        EXPECT_TRUE(among(settings.brokers, fault.target)) << Describe(fault);
        break;
      default:
        EXPECT_TRUE(among(settings.services, fault.target)) << Describe(fault);
    }
  }
}

TEST(FaultPlanTest, TheDatabaseFailsOverOnceInARunThoughOtherKindsComeAgain) {
  const std::vector<PlannedFault> plan = PlanFaults(TenMinutes(5));
  std::map<FaultKind, int> counts;
  for (const PlannedFault& fault : plan) ++counts[fault.kind];
  EXPECT_EQ(counts[FaultKind::kFailOverDatabase], 1);
  EXPECT_GT(counts[FaultKind::kKillService], 1) << "ten minutes hold more than one round";

  PlanSettings only_once = TenMinutes(5);
  only_once.kinds = {FaultKind::kFailOverDatabase};
  EXPECT_EQ(PlanFaults(only_once).size(), 1U);
}

TEST(FaultPlanTest, LatencyAndSkewStayWithinTheirBoundsAndSkewGoesBothWays) {
  const PlanSettings settings = TenMinutes(9);
  std::set<bool> skew_ahead;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (const PlannedFault& fault : PlanFaults(TenMinutes(seed))) {
      if (fault.kind == FaultKind::kSlowDatabase) {
        EXPECT_GE(fault.amount, settings.min_latency_ms) << Describe(fault);
        EXPECT_LE(fault.amount, settings.max_latency_ms) << Describe(fault);
      } else if (fault.kind == FaultKind::kSkewClock) {
        EXPECT_GE(std::abs(fault.amount), settings.min_skew_s) << Describe(fault);
        EXPECT_LE(std::abs(fault.amount), settings.max_skew_s) << Describe(fault);
        skew_ahead.insert(fault.amount > 0);
      } else {
        EXPECT_EQ(fault.amount, 0) << Describe(fault);
      }
    }
  }
  EXPECT_EQ(skew_ahead.size(), 2U) << "clocks were skewed both ahead and behind";
}

TEST(FaultPlanTest, SettingsThatCannotMakeAScheduleAreRefused) {
  PlanSettings no_kinds = TenMinutes(1);
  no_kinds.kinds.clear();
  EXPECT_THROW(PlanFaults(no_kinds), std::invalid_argument);
  PlanSettings no_brokers = TenMinutes(1);
  no_brokers.brokers.clear();
  EXPECT_THROW(PlanFaults(no_brokers), std::invalid_argument);
  PlanSettings backwards = TenMinutes(1);
  backwards.min_length = seconds(20);
  backwards.max_length = seconds(10);
  EXPECT_THROW(PlanFaults(backwards), std::invalid_argument);
  PlanSettings no_skew = TenMinutes(1);
  no_skew.min_skew_s = 0;
  EXPECT_THROW(PlanFaults(no_skew), std::invalid_argument);
}

TEST(FaultPlanTest, AFaultReadsAsWhatWhereWhenAndHowLong) {
  const PlannedFault fault{.start = milliseconds(12'300),
                           .length = milliseconds(5'000),
                           .kind = FaultKind::kKillService,
                           .target = "order"};
  EXPECT_EQ(Describe(fault), "kill-service order at 12.3s for 5.0s");
  EXPECT_EQ(Describe({.start = milliseconds(40'100),
                      .length = milliseconds(8'000),
                      .kind = FaultKind::kSkewClock,
                      .target = "payment",
                      .amount = -17}),
            "skew-clock payment by -17s at 40.1s for 8.0s");
  EXPECT_EQ(Describe({.start = milliseconds(1'000),
                      .length = milliseconds(3'000),
                      .kind = FaultKind::kSlowDatabase,
                      .target = "order",
                      .amount = 250}),
            "slow-pg order by 250ms at 1.0s for 3.0s");
}

}  // namespace
}  // namespace sagashop::chaos
