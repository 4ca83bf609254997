#include "e2e/chaos/fault_injector.h"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "e2e/support/stack_script.h"

namespace sagashop::chaos {

FaultInjector::FaultInjector(ChaosSystem& chaos, std::string log_dir)
    : chaos_(chaos), log_dir_(std::move(log_dir)) {}

void FaultInjector::Inject(const PlannedFault& fault) {
  switch (fault.kind) {
    case FaultKind::kKillService:
      chaos_.System().KillInstance(fault.target);
      return;
    case FaultKind::kFreezeService:
      chaos_.System().FreezeInstance(fault.target);
      return;
    case FaultKind::kStopRedis:
      Stack("stop", "redis");
      return;
    case FaultKind::kKillBroker:
      Cluster().Kill(std::stoi(fault.target));
      return;
    case FaultKind::kFailOverDatabase:
      // The primary crashes; its standby is promoted when the fault ends, as an operator or a
      // fail-over manager would after noticing.
      chaos_.KillDatabasePrimary();
      return;
    case FaultKind::kPartitionDatabase:
      OnLinks(ChaosSystem::DatabaseLinks(), testing::FaultKind::kPartition, fault.target);
      return;
    case FaultKind::kSlowDatabase:
      OnLinks(ChaosSystem::DatabaseLinks(), testing::FaultKind::kLatency, fault.target,
              {.latency_ms = static_cast<int>(fault.amount),
               .jitter_ms = static_cast<int>(fault.amount / 4)});
      return;
    case FaultKind::kPartitionKafka:
      OnLinks(ChaosSystem::KafkaLinks(), testing::FaultKind::kPartition, fault.target);
      return;
    case FaultKind::kSkewClock:
      chaos_.ClockOf(fault.target).Skew(std::chrono::seconds(fault.amount));
      return;
  }
}

void FaultInjector::Heal(const PlannedFault& fault) {
  switch (fault.kind) {
    case FaultKind::kKillService:
      chaos_.System().StartInstance(fault.target);  // waits until it answers /health
      return;
    case FaultKind::kFreezeService:
      chaos_.System().ThawInstance(fault.target);
      return;
    case FaultKind::kStopRedis:
      Stack("start", "redis");  // waits until Redis answers
      return;
    case FaultKind::kKillBroker:
      Cluster().Start(std::stoi(fault.target));  // waits until every broker is registered
      return;
    case FaultKind::kFailOverDatabase:
      chaos_.PromoteDatabaseStandby();  // waits until the standby takes writes
      return;
    case FaultKind::kPartitionDatabase:
    case FaultKind::kSlowDatabase:
    case FaultKind::kPartitionKafka:
      chaos_.Network().Heal();
      return;
    case FaultKind::kSkewClock:
      chaos_.ClockOf(fault.target).Reset();
      return;
  }
}

void FaultInjector::OnLinks(const std::vector<std::string>& links, testing::FaultKind kind,
                            const std::string& service, const testing::FaultParams& params) {
  if (links.empty()) throw std::invalid_argument("no link to " + service + " for the fault");
  for (const std::string& link : links) chaos_.Network().Inject(kind, service, link, params);
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
