// The sagashop binary: `main` only parses settings and wires; everything else lives in libraries.
//
//   sagashop [flags]            run the services of --target (all four by default, embedded)
//   sagashop [flags] --demo     ... and run the demonstration once they are up
//   sagashop demo [flags]       run the demonstration against a system that is already running
//   sagashop verify [flags]     check the invariants across the four databases
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "app/command_line.h"
#include "app/demo.h"
#include "app/settings.h"
#include "app/system.h"
#include "app/verify_command.h"

namespace {

using sagashop::app::DemoOptions;
using sagashop::app::Settings;

// Blocks SIGINT and SIGTERM in every thread (threads inherit the mask), so that the main thread
// alone receives them through sigwait.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

DemoOptions DemoOptionsFor(const Settings& settings, int orders) {
  return {.host = settings.http_host, .base_port = settings.http_base_port, .orders = orders};
}

void PrintWelcome(const Settings& settings) {
  std::cout << "\nsagashop is running (" << settings.storage << ", " << settings.bus << " bus, "
            << settings.cache << " cache):\n";
  for (const std::string& service : settings.Services()) {
    std::cout << "  " << service << std::string(11 - service.size(), ' ') << "http://"
              << settings.http_host << ":" << settings.PortOf(service) << "\n";
  }
  if (settings.target == sagashop::app::Target::kAll) {
    std::cout << "Try:\n  curl -s -X POST localhost:" << settings.PortOf("order")
              << "/orders -d '{\"userId\":1001,\"productId\":1,\"quantity\":1,\"amount\":50000,"
                 "\"address\":\"Seoul\"}'\n  curl -s localhost:"
              << settings.PortOf("order") << "/orders/1/saga\n";
  }
  std::cout << "Ctrl-C stops.\n" << std::flush;
}

int Serve(const Settings& settings, bool demo, int demo_orders) {
  const sigset_t signals = BlockShutdownSignals();
  sagashop::app::System system(settings);
  system.Start();
  if (demo && settings.target == sagashop::app::Target::kAll) {
    sagashop::app::RunDemo(DemoOptionsFor(settings, demo_orders), std::cout);
  }
  PrintWelcome(settings);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  system.Stop();
  spdlog::info("stopped");
  return EXIT_SUCCESS;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sagashop: an order saga over Order, Payment, Inventory and Delivery services"};
  Settings settings;
  sagashop::app::AddSettingsOptions(app, settings);
  bool demo = false;
  int demo_orders = 40;
  app.add_flag("--demo", demo, "Run the demonstration once the services are up")
      ->envname("SAGASHOP_DEMO");
  app.add_option("--demo-orders", demo_orders, "Orders the demonstration places")
      ->check(CLI::Range(4, 10000));
  CLI::App* demo_command =
      app.add_subcommand("demo", "Run the demonstration against a running system and exit");
  demo_command->fallthrough();  // sagashop demo --http-base-port=... reads the same settings
  CLI::App* verify_command = app.add_subcommand(
      "verify", "Check the invariants across the four services' databases; exit 1 if any fails");
  verify_command->fallthrough();
  int in_flight_seconds = 0;
  verify_command
      ->add_option("--in-flight-seconds", in_flight_seconds,
                   "Orders changed this recently may still be in flight")
      ->check(CLI::NonNegativeNumber);
  CLI11_PARSE(app, argc, argv);
  try {
    settings.Validate();
  } catch (const std::invalid_argument& error) {
    std::cerr << "sagashop: invalid setting: " << error.what() << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(settings.log_level));
  try {
    if (*verify_command) {
      return sagashop::app::RunVerify(settings, std::chrono::seconds(in_flight_seconds), std::cout);
    }
    if (*demo_command) {
      const auto report = sagashop::app::RunDemo(DemoOptionsFor(settings, demo_orders), std::cout);
      return report.Succeeded() ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    return Serve(settings, demo, demo_orders);
  } catch (const std::exception& error) {
    spdlog::critical("sagashop failed: {}", error.what());
    return EXIT_FAILURE;
  }
}
