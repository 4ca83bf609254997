#include "e2e/chaos/fault_injector.h"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "e2e/support/stack_script.h"

namespace sagashop::chaos {

FaultInjector::FaultInjector(testing::SystemUnderTest& system, std::string log_dir)
    : system_(system), log_dir_(std::move(log_dir)) {}

void FaultInjector::Inject(const PlannedFault& fault) {
  switch (fault.kind) {
    case FaultKind::kKillService:
      system_.KillInstance(fault.target);
      return;
    case FaultKind::kFreezeService:
      system_.FreezeInstance(fault.target);
      return;
    case FaultKind::kStopRedis:
      Stack("stop", "redis");
      return;
    case FaultKind::kKillBroker:
      Cluster().Kill(std::stoi(fault.target));
      return;
  }
}

void FaultInjector::Heal(const PlannedFault& fault) {
  switch (fault.kind) {
    case FaultKind::kKillService:
      system_.StartInstance(fault.target);  // waits until it answers /health
      return;
    case FaultKind::kFreezeService:
      system_.ThawInstance(fault.target);
      return;
    case FaultKind::kStopRedis:
      Stack("start", "redis");  // waits until Redis answers
      return;
    case FaultKind::kKillBroker:
      Cluster().Start(std::stoi(fault.target));  // waits until every broker is registered
      return;
  }
}

testing::KafkaClusterControl& FaultInjector::Cluster() {
  if (!cluster_) cluster_ = std::make_unique<testing::KafkaClusterControl>(log_dir_);
  return *cluster_;
}

void FaultInjector::Stack(const std::string& action, const std::string& component) {
  testing::RunStackScript({action, component}, {},
                          log_dir_ + "/stack-" + std::to_string(++commands_run_) + "-" + action +
                              "-" + component + ".log",
                          std::chrono::minutes(2));
}

}  // namespace sagashop::chaos
