// The sagashop binary: `main` only parses settings and wires; everything else lives in libraries.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "app/command_line.h"
#include "app/settings.h"
#include "app/system.h"

namespace {

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

int Serve(const sagashop::app::Settings& settings) {
  const sigset_t signals = BlockShutdownSignals();
  sagashop::app::System system(settings);
  system.Start();
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
  sagashop::app::Settings settings;
  sagashop::app::AddSettingsOptions(app, settings);
  CLI11_PARSE(app, argc, argv);
  try {
    settings.Validate();
  } catch (const std::invalid_argument& error) {
    std::cerr << "sagashop: invalid setting: " << error.what() << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(settings.log_level));
  try {
    return Serve(settings);
  } catch (const std::exception& error) {
    spdlog::critical("sagashop failed: {}", error.what());
    return EXIT_FAILURE;
  }
}
