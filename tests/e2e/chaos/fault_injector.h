#pragma once

#include <memory>
#include <string>
#include <vector>

#include "e2e/chaos/chaos_system.h"
#include "e2e/chaos/fault_plan.h"
#include "e2e/support/kafka_cluster_control.h"

namespace sagashop::chaos {

// Does what a planned fault says to a running system, and undoes it: processes through the
// system's own handle, the stack's servers through the script that started them
// (scripts/stack.sh), the run's own database, proxies and clocks through ChaosSystem.
class FaultInjector {
 public:
  FaultInjector(ChaosSystem& chaos, std::string log_dir);

  void Inject(const PlannedFault& fault);
  // Undoes `fault`; returns once what it stopped answers again. Throws std::runtime_error when it
  // cannot, since a run that cannot heal cannot judge what follows.
  void Heal(const PlannedFault& fault);

 private:
  // Runs `stack.sh action component`; throws when it fails.
  void Stack(const std::string& action, const std::string& component);
  // The stack's Kafka cluster, once a fault needs it (throws when the stack runs none).
  testing::KafkaClusterControl& Cluster();

  // The same network fault on each of `links` (ChaosSystem's names) between `service` and a server.
  void OnLinks(const std::vector<std::string>& links, testing::FaultKind kind,
               const std::string& service, const testing::FaultParams& params = {});

  ChaosSystem& chaos_;
  std::string log_dir_;
  int commands_run_ = 0;
  std::unique_ptr<testing::KafkaClusterControl> cluster_;
};

}  // namespace sagashop::chaos
