#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sagashop::chaos {

// What a fault does to the running system (docs/chaos.md).
enum class FaultKind {
  kKillService,    // SIGKILL one service process, started again when the fault ends
  kFreezeService,  // SIGSTOP one service process, SIGCONT when the fault ends
  kStopRedis,      // the Redis server stopped, started again (empty) when the fault ends
  kKillBroker,     // SIGKILL one broker of a Kafka cluster, started again when the fault ends
  // The PostgreSQL primary SIGKILLed, its standby promoted when the fault ends: once per run, as
  // the old primary cannot follow the new one without being copied anew.
  kFailOverDatabase,
  kPartitionDatabase,  // one service cut off from PostgreSQL both ways, silently (packets dropped)
  kSlowDatabase,  // `amount` ms (± a quarter) added each way between one service and PostgreSQL
  kSkewClock,     // one service's wall clock `amount` seconds ahead (behind when negative)
  // One service cut off from every broker of the Kafka cluster both ways, silently.
  kPartitionKafka,
};

const char* FaultKindName(FaultKind kind);

// Whether a run may inject `kind` only once (kFailOverDatabase).
bool OncePerRun(FaultKind kind);

// One fault of a schedule: when it starts (from the start of the load), how long it lasts, what
// it hits (a service's name, a broker's number, or "" for a server shared by all), and how hard
// (the kinds that say so above; 0 for the others).
struct PlannedFault {
  std::chrono::milliseconds start{0};
  std::chrono::milliseconds length{0};
  FaultKind kind = FaultKind::kKillService;
  std::string target;
  std::int64_t amount = 0;
};

struct PlanSettings {
  std::uint64_t seed = 0;
  std::chrono::milliseconds duration{0};  // the load's length; every fault ends within it
  std::vector<FaultKind> kinds;           // what may be injected
  std::vector<std::string> services;      // what service faults may hit
  std::vector<std::string> brokers;       // what broker faults may hit (needed with kKillBroker)
  std::chrono::milliseconds min_length{3000};
  std::chrono::milliseconds max_length{15000};
  std::chrono::milliseconds min_gap{2000};  // calm between two faults, and before the first
  std::chrono::milliseconds max_gap{8000};
  // kSlowDatabase's added latency and kSkewClock's offset (either way): the skew stays inside the
  // 60 s of leeway a service gives a token's times (docs/security.md), since beyond it a skewed
  // service rightly refuses valid tokens, which shows nothing about the saga.
  std::int64_t min_latency_ms = 100;
  std::int64_t max_latency_ms = 400;
  std::int64_t min_skew_s = 5;
  std::int64_t max_skew_s = 50;
};

// A schedule of faults, one at a time, from `settings.seed` alone: the same seed and settings give
// the same schedule on every run (with this standard library), which is what makes a run
// replayable. The kinds come in rounds, each round every kind once in a seeded order (a kind
// OncePerRun in the first round only), so even a short schedule covers every kind it has room
// for. Throws std::invalid_argument on settings
// that cannot make a schedule (no kinds, no services, lengths out of order).
std::vector<PlannedFault> PlanFaults(const PlanSettings& settings);

// "kill-service order at 12.3s for 5.0s", "skew-clock payment by -17s at 40.1s for 8.0s": one
// line of a run's log and report.
std::string Describe(const PlannedFault& fault);

}  // namespace sagashop::chaos
