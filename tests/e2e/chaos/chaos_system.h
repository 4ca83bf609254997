#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "e2e/support/network_faults.h"
#include "e2e/support/replicated_pg.h"
#include "e2e/support/simulator_process.h"
#include "e2e/support/skewable_clock.h"
#include "e2e/support/system_under_test.h"
#include "e2e/support/toxiproxy_client.h"

namespace sagashop::chaos {

// The stack's Kafka brokers by number ("1", "2", "3"), none when it runs a single broker.
std::vector<std::string> StackKafkaBrokers();

// The distributed system of a chaos run, set up so that every fault of docs/chaos.md can reach
// it: PostgreSQL as a primary and a standby of the run's own (a fail-over must not touch the
// stack's server), each service reaching both through proxies of its own on the stack's
// Toxiproxy (a partition or latency hits one service), each service reaching every broker of
// the stack's Kafka cluster through the stack's proxies for it, each service's wall clock its own
// (libfaketime), and the outside world as a process whose ledger says what was really done. Kafka
// and Redis are the stack's. Everything is stopped and removed when destroyed.
class ChaosSystem {
 public:
  explicit ChaosSystem(const std::string& log_dir);
  ~ChaosSystem();

  ChaosSystem(const ChaosSystem&) = delete;
  ChaosSystem& operator=(const ChaosSystem&) = delete;

  testing::SystemUnderTest& System() { return *system_; }
  testing::SimulatorProcess& OutsideWorld() { return outside_world_; }
  // The fail-over's two steps: the primary SIGKILLed, and its standby promoted.
  void KillDatabasePrimary();
  void PromoteDatabaseStandby() { database_.Promote(); }
  // Faults between one service and its servers: apply them to every link DatabaseLinks() or
  // KafkaLinks() names.
  testing::FaultInjector& Network() { return network_; }
  // The names the network faults know a service's links to PostgreSQL by: one per server.
  static const std::vector<std::string>& DatabaseLinks();
  // The same for Kafka: one per broker of the stack's cluster, none with a single broker (whose
  // services reach it directly).
  static std::vector<std::string> KafkaLinks();
  testing::SkewableClock& ClockOf(const std::string& service) { return clocks_.at(service); }

 private:
  // Each service's --pg-uri: both servers, each through that service's own proxy; and its
  // --kafka-brokers: every broker of the cluster through the stack's proxies for that service.
  std::map<std::string, std::vector<std::string>> ProxiedServerArgs();
  std::map<std::string, std::vector<std::string>> ClockEnvironment() const;

  testing::SimulatorProcess outside_world_;
  testing::ReplicatedPg database_;
  testing::ToxiproxyClient proxies_;
  std::vector<std::string> proxies_made_;
  testing::FaultInjector network_;
  std::map<std::string, testing::SkewableClock> clocks_;
  std::unique_ptr<testing::SystemUnderTest> system_;  // last: it runs on all of the above
};

}  // namespace sagashop::chaos
