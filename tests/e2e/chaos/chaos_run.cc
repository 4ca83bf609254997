#include "e2e/chaos/chaos_run.h"

#include <atomic>
#include <filesystem>
#include <iomanip>
#include <set>
#include <thread>

#include "bench/bench_catalog.h"
#include "bench/load_driver.h"
#include "bench/saga_outcome_reader.h"
#include "e2e/chaos/chaos_system.h"
#include "e2e/chaos/fault_injector.h"
#include "e2e/support/simulator_process.h"
#include "verify/invariants.h"
#include "verify/snapshot_reader.h"

namespace sagashop::chaos {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string Authorization(const testing::SystemUnderTest& system) {
  for (const auto& [name, value] : system.AuthHeaders()) {
    if (name == "Authorization") return value;
  }
  return "";
}

// Injects each fault of `plan` at its time and heals it at its end, logging both. The load runs
// meanwhile on its own thread until `load_end`. A slow heal (a broker's restart takes seconds)
// moves the rest of the schedule later, keeping each fault's length and the calm before it; a
// fault that would then outlast the load is left out, since without load it shows nothing.
// Faults are healed before this returns, also when one fails.
void RunSchedule(const std::vector<PlannedFault>& plan, FaultInjector& injector,
                 Clock::time_point start, Clock::time_point load_end, std::ostream& log,
                 ChaosReport& report) {
  const auto stamp = [&] {
    return "[chaos] +" + std::to_string(static_cast<int>(Seconds(Clock::now() - start))) + "s ";
  };
  Clock::duration late{0};
  for (const PlannedFault& fault : plan) {
    const Clock::time_point due = start + fault.start + late;
    if (due + fault.length > load_end) {
      log << stamp() << "left out " << Describe(fault) << " and what follows: the load ends first"
          << std::endl;
      return;
    }
    std::this_thread::sleep_until(due);
    log << stamp() << "start " << Describe(fault) << std::endl;
    try {
      injector.Inject(fault);
      report.faults.push_back(fault);
      ++report.faults_by_kind[FaultKindName(fault.kind)];
      std::this_thread::sleep_until(due + fault.length);
      const auto healing = Clock::now();
      injector.Heal(fault);
      const Clock::duration heal_time = Clock::now() - healing;
      late += heal_time;
      log << stamp() << "end   " << FaultKindName(fault.kind) << ' ' << fault.target
          << " (healed in " << std::fixed << std::setprecision(1) << Seconds(heal_time) << "s)"
          << std::endl;
    } catch (...) {
      // A stopped server left behind would break whatever runs on the stack next.
      try {
        injector.Heal(fault);
      } catch (const std::exception& error) {
        log << stamp() << "could not heal " << Describe(fault) << ": " << error.what() << std::endl;
      }
      throw;
    }
  }
}

// Lost, finished and slowest orders, from what the load placed and what Order holds.
void CountOrders(const bench::LoadReport& load,
                 const std::map<std::int64_t, bench::OrderOutcome>& outcomes, ChaosReport& report) {
  report.placed = static_cast<std::int64_t>(load.placed.size());
  report.unanswered = load.sent - load.accepted;
  report.orders = static_cast<std::int64_t>(outcomes.size());
  std::set<std::int64_t> placed_ids;
  for (const bench::PlacedOrder& order : load.placed) {
    placed_ids.insert(order.id);
    const auto found = outcomes.find(order.id);
    if (found == outcomes.end() || !found->second.Final()) {
      ++report.lost;
      continue;
    }
    report.longest_wait_s =
        std::max(report.longest_wait_s, Seconds(found->second.updated_at - order.due));
  }
  for (const auto& [id, outcome] : outcomes) {
    // Created though its answer never came (the process died after committing): it must end too.
    if (!outcome.Final() && !placed_ids.contains(id)) ++report.lost;
    if (outcome.status == "COMPLETED") ++report.completed;
    if (outcome.status == "CANCELED") ++report.canceled;
    if (outcome.status == "FAILED") ++report.failed;
  }
}

// Effects done twice: by the outside world's own ledger (charged, refunded or shipped more than
// once) and by the services' records (verify's one-payment, one-reservation, one-delivery).
void CountDuplicates(testing::SimulatorProcess& outside_world, ChaosReport& report) {
  const boost::json::object totals = outside_world.GetJson("/v1/ledger");
  for (const char* field :
       {"ordersChargedMoreThanOnce", "ordersRefundedMoreThanOnce", "ordersShippedMoreThanOnce"}) {
    report.duplicated += static_cast<std::int64_t>(totals.at(field).as_array().size());
  }
}

void CheckInvariants(testing::SystemUnderTest& system, ChaosReport& report) {
  auto order = system.OpenDatabase("order");
  auto payment = system.OpenDatabase("payment");
  auto inventory = system.OpenDatabase("inventory");
  auto delivery = system.OpenDatabase("delivery");
  const verify::Snapshot snapshot = verify::ReadSnapshot(*order, *payment, *inventory, *delivery);
  for (const verify::Violation& violation : verify::CheckInvariants(snapshot)) {
    if (violation.invariant.starts_with("one-")) ++report.duplicated;
    report.violations.push_back(violation.invariant + " order " +
                                std::to_string(violation.order_id) + ": " + violation.detail);
  }
}

}  // namespace

std::vector<FaultKind> FaultKindsOfThisStack() {
  std::vector<FaultKind> kinds = {FaultKind::kKillService,       FaultKind::kFreezeService,
                                  FaultKind::kStopRedis,         FaultKind::kFailOverDatabase,
                                  FaultKind::kPartitionDatabase, FaultKind::kSlowDatabase,
                                  FaultKind::kSkewClock};
  // The cluster's brokers are reached through proxies of each service's own; a single broker
  // directly (ChaosSystem).
  if (StackKafkaBrokers().size() >= 3) {
    kinds.push_back(FaultKind::kPartitionKafka);
    kinds.push_back(FaultKind::kKillBroker);
  }
  return kinds;
}

ChaosReport RunChaos(const ChaosOptions& options, std::ostream& log) {
  ChaosReport report;
  report.seed = options.seed;
  const std::vector<PlannedFault> plan =
      PlanFaults({.seed = options.seed,
                  .duration = options.duration,
                  .kinds = options.kinds,
                  .services = testing::SystemUnderTest::Services(),
                  .brokers = StackKafkaBrokers(),
                  .max_length = options.max_fault_length,
                  .max_gap = options.max_gap});
  log << "[chaos] seed " << options.seed << ": " << plan.size() << " faults in "
      << options.duration.count() << "s at " << options.rate << " orders/s" << std::endl;

  const std::string log_dir =
      std::string(SAGASHOP_E2E_LOG_DIR) + "/chaos-" + std::to_string(options.seed);
  std::filesystem::create_directories(log_dir);
  ChaosSystem chaos(log_dir);
  testing::SystemUnderTest& system = chaos.System();
  bench::BenchCatalog::Seed(*system.Client("inventory"));

  bench::BenchOptions load_options;
  load_options.order_port = system.Port("order");
  load_options.inventory_port = system.Port("inventory");
  load_options.tls = system.Tls();
  load_options.rate = options.rate;
  load_options.connections = 16;
  load_options.duration = options.duration;
  load_options.warmup = std::chrono::seconds(0);
  load_options.mix = options.mix;
  load_options.progress = false;
  load_options.authorization = Authorization(system);
  load_options.Validate();
  // One user per run, so the run's orders are that user's orders.
  const std::int64_t user_id =
      1'000'000'000 + static_cast<std::int64_t>(options.seed % 1'000'000'000);
  bench::LoadDriver driver(load_options, user_id, "chaos");
  bench::LiveCounters live;
  bench::LoadReport load;

  FaultInjector injector(chaos, log_dir);
  const auto start = Clock::now();
  std::thread sender([&] { load = driver.Run(live); });
  try {
    RunSchedule(plan, injector, start, start + options.duration, log, report);
  } catch (...) {
    sender.join();
    throw;
  }
  sender.join();
  log << "[chaos] load over: " << load.accepted << " of " << load.sent
      << " orders accepted; waiting for every order to end" << std::endl;

  bench::SagaOutcomeReader reader("127.0.0.1", system.Port("order"), user_id, system.Tls(),
                                  load_options.authorization);
  std::atomic<std::int64_t> pending{0};
  const auto outcomes =
      reader.WaitForFinal(load.placed.size(), Clock::now() + options.drain, pending);
  CountOrders(load, outcomes, report);
  CountDuplicates(chaos.OutsideWorld(), report);
  CheckInvariants(system, report);
  return report;
}

void PrintReport(const ChaosReport& report, std::ostream& out) {
  out << "chaos: seed " << report.seed << " (run it again with make chaos SEED=" << report.seed
      << ")\n";
  out << "faults injected:";
  for (const auto& [kind, count] : report.faults_by_kind) out << ' ' << kind << ' ' << count;
  out << "\norders: placed " << report.placed << ", sent but not answered " << report.unanswered
      << ", held by Order " << report.orders << ": completed " << report.completed << ", canceled "
      << report.canceled << ", failed " << report.failed << "\n";
  out << "lost " << report.lost << ", duplicated effects " << report.duplicated << "\n";
  out << "longest wait for an order to end: " << std::fixed << std::setprecision(1)
      << report.longest_wait_s << "s\n";
  for (const std::string& violation : report.violations) out << "verify: " << violation << "\n";
  out << "chaos: " << report.faults.size() << " faults, " << report.orders << " orders, lost "
      << report.lost << ", duplicated " << report.duplicated << ", ";
  if (report.VerifyClean()) {
    out << "verify clean\n";
  } else {
    out << "verify found " << report.violations.size() << "\n";
  }
}

}  // namespace sagashop::chaos
