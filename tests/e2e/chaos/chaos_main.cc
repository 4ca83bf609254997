// `make chaos`: one long chaos run against the stack in the environment (scripts/chaos.sh sets it
// up), its report on stdout. Exits 0 when nothing was lost or duplicated and verify is clean.
#include <CLI/CLI.hpp>
#include <iostream>
#include <random>

#include "e2e/chaos/chaos_run.h"

int main(int argc, char** argv) {
  using sagashop::chaos::ChaosOptions;
  ChaosOptions options;
  options.seed = std::random_device()();
  options.kinds = sagashop::chaos::FaultKindsOfThisStack();
  int duration_s = static_cast<int>(options.duration.count());
  CLI::App app{"A seeded schedule of faults under load, and what it did (docs/chaos.md)"};
  app.add_option("--duration", duration_s, "seconds of load and faults")
      ->check(CLI::Range(10, 24 * 3600));
  app.add_option("--seed", options.seed, "the schedule's seed; the same seed replays a run");
  app.add_option("--rate", options.rate, "orders per second")->check(CLI::Range(0.1, 1000.0));
  CLI11_PARSE(app, argc, argv);
  options.duration = std::chrono::seconds(duration_s);

  std::cout << "chaos: seed " << options.seed << ", " << duration_s << "s" << std::endl;
  try {
    const sagashop::chaos::ChaosReport report = sagashop::chaos::RunChaos(options, std::cout);
    sagashop::chaos::PrintReport(report, std::cout);
    return report.Passed() ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "chaos: the run failed: " << error.what() << "\n";
    return 2;
  }
}
