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
};

const char* FaultKindName(FaultKind kind);

// One fault of a schedule: when it starts (from the start of the load), how long it lasts, and
// what it hits (a service's name, a broker's number, or "" for a server shared by all).
struct PlannedFault {
  std::chrono::milliseconds start{0};
  std::chrono::milliseconds length{0};
  FaultKind kind = FaultKind::kKillService;
  std::string target;
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
};

// A schedule of faults, one at a time, from `settings.seed` alone: the same seed and settings give
// the same schedule on every run (with this standard library), which is what makes a run
// replayable. The kinds come in rounds, each round every kind once in a seeded order, so even a
// short schedule covers every kind it has room for. Throws std::invalid_argument on settings
// that cannot make a schedule (no kinds, no services, lengths out of order).
std::vector<PlannedFault> PlanFaults(const PlanSettings& settings);

// "kill-service order at 12.3s for 5.0s": one line of a run's log and report.
std::string Describe(const PlannedFault& fault);

}  // namespace sagashop::chaos
