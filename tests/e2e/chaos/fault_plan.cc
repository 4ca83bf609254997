#include "e2e/chaos/fault_plan.h"

#include <algorithm>
#include <iomanip>
#include <random>
#include <sstream>
#include <stdexcept>

namespace sagashop::chaos {
namespace {

using std::chrono::milliseconds;

milliseconds Between(std::mt19937_64& random, milliseconds low, milliseconds high) {
  return milliseconds(
      std::uniform_int_distribution<std::int64_t>(low.count(), high.count())(random));
}

// What a fault of `kind` may hit; none for a server shared by all.
const std::vector<std::string>* TargetsOf(FaultKind kind, const PlanSettings& settings) {
  switch (kind) {
    case FaultKind::kKillService:
    case FaultKind::kFreezeService:
    case FaultKind::kPartitionDatabase:
    case FaultKind::kSlowDatabase:
    case FaultKind::kSkewClock:
    case FaultKind::kPartitionKafka:
      return &settings.services;
    case FaultKind::kKillBroker:
      return &settings.brokers;
    case FaultKind::kStopRedis:
    case FaultKind::kFailOverDatabase:
      return nullptr;
  }
  return nullptr;
}

// How hard a fault of `kind` hits, for the kinds that have a measure.
std::int64_t AmountOf(FaultKind kind, const PlanSettings& settings, std::mt19937_64& random) {
  const auto between = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  switch (kind) {
    case FaultKind::kSlowDatabase:
      return between(settings.min_latency_ms, settings.max_latency_ms);
    case FaultKind::kSkewClock:
      return between(settings.min_skew_s, settings.max_skew_s) * (between(0, 1) == 0 ? -1 : 1);
    default:
      return 0;
  }
}

void Validate(const PlanSettings& settings) {
  if (settings.kinds.empty()) throw std::invalid_argument("a fault plan needs at least one kind");
  for (FaultKind kind : settings.kinds) {
    const std::vector<std::string>* targets = TargetsOf(kind, settings);
    if (targets != nullptr && targets->empty()) {
      throw std::invalid_argument(std::string("a fault plan with ") + FaultKindName(kind) +
                                  " needs something for it to hit");
    }
  }
  if (settings.min_length <= milliseconds(0) || settings.min_length > settings.max_length) {
    throw std::invalid_argument("fault lengths must be positive, the least first");
  }
  if (settings.min_gap < milliseconds(0) || settings.min_gap > settings.max_gap) {
    throw std::invalid_argument("gaps between faults must be non-negative, the least first");
  }
  if (settings.min_latency_ms <= 0 || settings.min_latency_ms > settings.max_latency_ms ||
      settings.min_skew_s <= 0 || settings.min_skew_s > settings.max_skew_s) {
    throw std::invalid_argument("latencies and skews must be positive, the least first");
  }
}

}  // namespace

const char* FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kKillService:
      return "kill-service";
    case FaultKind::kFreezeService:
      return "freeze-service";
    case FaultKind::kStopRedis:
      return "stop-redis";
    case FaultKind::kKillBroker:
      return "kill-broker";
    case FaultKind::kFailOverDatabase:
      return "fail-over-pg";
    case FaultKind::kPartitionDatabase:
      return "partition-pg";
    case FaultKind::kSlowDatabase:
      return "slow-pg";
    case FaultKind::kSkewClock:
      return "skew-clock";
    case FaultKind::kPartitionKafka:
      return "partition-kafka";
  }
  return "unknown";
}

bool OncePerRun(FaultKind kind) {
  return kind == FaultKind::kFailOverDatabase;
}

std::vector<PlannedFault> PlanFaults(const PlanSettings& settings) {
  Validate(settings);
  std::mt19937_64 random(settings.seed);
  std::vector<PlannedFault> plan;
  std::vector<FaultKind> round;
  bool first_round = true;
  milliseconds at(0);
  while (true) {
    if (round.empty()) {
      for (FaultKind kind : settings.kinds) {
        if (first_round || !OncePerRun(kind)) round.push_back(kind);
      }
      first_round = false;
      if (round.empty()) break;  // every kind was once-per-run, and each had its turn
      std::shuffle(round.begin(), round.end(), random);
    }
    PlannedFault fault;
    fault.kind = round.back();
    at += Between(random, settings.min_gap, settings.max_gap);
    fault.start = at;
    fault.length = Between(random, settings.min_length, settings.max_length);
    if (const std::vector<std::string>* targets = TargetsOf(fault.kind, settings)) {
      const auto index = std::uniform_int_distribution<std::size_t>(0, targets->size() - 1)(random);
      fault.target = (*targets)[index];
    }
    fault.amount = AmountOf(fault.kind, settings, random);
    if (fault.start + fault.length > settings.duration) break;
    round.pop_back();
    at += fault.length;
    plan.push_back(std::move(fault));
  }
  return plan;
}

std::string Describe(const PlannedFault& fault) {
  std::ostringstream text;
  text << FaultKindName(fault.kind);
  if (!fault.target.empty()) text << ' ' << fault.target;
  if (fault.kind == FaultKind::kSlowDatabase) text << " by " << fault.amount << "ms";
  if (fault.kind == FaultKind::kSkewClock) {
    text << " by " << (fault.amount < 0 ? "" : "+") << fault.amount << "s";
  }
  text << std::fixed << std::setprecision(1) << " at "
       << static_cast<double>(fault.start.count()) / 1000 << "s for "
       << static_cast<double>(fault.length.count()) / 1000 << "s";
  return text.str();
}

}  // namespace sagashop::chaos
