#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "e2e/chaos/fault_plan.h"

namespace sagashop::chaos {

// One chaos run (docs/chaos.md): the distributed system under a steady load along every saga
// path, a seeded schedule of faults for `duration`, then the faults healed, the load stopped and
// the outcome judged.
struct ChaosOptions {
  std::uint64_t seed = 0;
  std::chrono::seconds duration{600};
  double rate = 10;  // orders per second, open loop
  std::string mix = "ok=70,declined=10,short=10,undeliverable=10";
  std::chrono::seconds drain{300};  // how long every order may take to end after the load
  std::vector<FaultKind> kinds;     // FaultKindsOfThisStack(), say
  std::chrono::milliseconds max_fault_length{20000};
  std::chrono::milliseconds max_gap{8000};  // of calm before a fault, at least 2 s
};

struct ChaosReport {
  std::uint64_t seed = 0;
  std::vector<PlannedFault> faults;           // as injected
  std::map<std::string, int> faults_by_kind;  // by FaultKindName
  std::int64_t placed = 0;                    // answered 201
  std::int64_t unanswered = 0;  // sent but not answered 201 (refused, reset, timed out)
  std::int64_t orders = 0;      // the run's orders the Order service holds
  std::int64_t completed = 0;
  std::int64_t canceled = 0;
  std::int64_t failed = 0;
  std::int64_t lost = 0;        // placed, or held by Order, and not final after the drain
  std::int64_t duplicated = 0;  // effects done twice: charges, refunds, shipments, or records
  double longest_wait_s = 0;    // placed until final, the slowest order
  std::vector<std::string> violations;  // of verify's invariants, one line each

  bool VerifyClean() const { return violations.empty(); }
  bool Passed() const { return lost == 0 && duplicated == 0 && VerifyClean(); }
};

// What the stack in the environment lets a run inject: every kind, and broker faults when it runs
// a Kafka cluster (scripts/stack.sh with SAGASHOP_STACK_KAFKA_BROKERS=3). The run needs the
// stack's Toxiproxy (SAGASHOP_STACK_PROXIES=1) and libfaketime either way.
std::vector<FaultKind> FaultKindsOfThisStack();

ChaosReport RunChaos(const ChaosOptions& options, std::ostream& log);

// The report, ending with the line
//   chaos: N faults, M orders, lost L, duplicated D, verify clean (or: verify found V)
void PrintReport(const ChaosReport& report, std::ostream& out);

}  // namespace sagashop::chaos
