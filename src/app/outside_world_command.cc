#include "app/outside_world_command.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <stdexcept>

#include "outside_world/outside_world.h"

namespace sagashop::app {
namespace {

void AddFaceOptions(CLI::App& command, const std::string& face,
                    outside_world::FaceBehaviour& behaviour, std::int64_t& p99) {
  command
      .add_option("--" + face + "-latency-ms", behaviour.latency_median_ms,
                  "Median latency of a " + face + " call, in ms")
      ->capture_default_str();
  command.add_option("--" + face + "-latency-p99-ms", p99,
                     "99th percentile latency in ms; above the median makes a long log-normal "
                     "tail (default: the median, a constant latency)");
  command
      .add_option("--" + face + "-failure-rate", behaviour.failure_rate,
                  "Share of " + face + " calls answered 503 with nothing recorded")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--" + face + "-timeout-rate", behaviour.timeout_rate,
                  "Share of " + face +
                      " calls recorded but answered only after the timeout delay, so the client "
                      "gives up although the work was done")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  command
      .add_option("--" + face + "-timeout-delay-ms", behaviour.timeout_delay_ms,
                  "How late a timed-out " + face + " call answers, in ms")
      ->capture_default_str();
}

}  // namespace

CLI::App* AddOutsideWorldCommand(CLI::App& app, OutsideWorldOptions& options) {
  CLI::App* command = app.add_subcommand(
      "outside-world",
      "Serve a simulated payment provider and carrier over HTTP, with a durable ledger");
  command->fallthrough();  // --log-format, --log-level
  outside_world::OutsideWorldConfig& config = options.config;
  command->add_option("--listen-host", config.listen_host, "Address to listen on")
      ->capture_default_str();
  command->add_option("--listen-port", config.listen_port, "Port to listen on; 0 = ephemeral")
      ->capture_default_str();
  command->add_option("--ledger-file", config.ledger_file, "The ledger's SQLite file")
      ->capture_default_str();
  command->add_option("--tls-cert", config.tls_cert,
                      "PEM certificate chain to serve HTTPS with (with --tls-key)");
  command->add_option("--tls-key", config.tls_key, "PEM private key of --tls-cert");
  command->add_option("--payment-limit", config.payment_limit, "Charges above this are declined")
      ->capture_default_str();
  command
      ->add_option("--workers", config.workers,
                   "Threads for handlers and ledger writes (simulated waits hold none)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--seed", config.seed,
                      "Seed of the random draws (latency, failures, timeouts); 0 = random");
  AddFaceOptions(*command, "payment", config.payment, options.payment_latency_p99_ms);
  AddFaceOptions(*command, "carrier", config.carrier, options.carrier_latency_p99_ms);
  return command;
}

int RunOutsideWorld(OutsideWorldOptions options, const sigset_t& signals) {
  outside_world::OutsideWorldConfig& config = options.config;
  config.payment.latency_p99_ms = options.payment_latency_p99_ms >= 0
                                      ? options.payment_latency_p99_ms
                                      : config.payment.latency_median_ms;
  config.carrier.latency_p99_ms = options.carrier_latency_p99_ms >= 0
                                      ? options.carrier_latency_p99_ms
                                      : config.carrier.latency_median_ms;
  try {
    config.Validate();
  } catch (const std::invalid_argument& error) {
    std::cerr << "sagashop: invalid setting: " << error.what() << "\n";
    return 2;
  }
  outside_world::OutsideWorld world(config);
  world.Start();
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  world.Stop();
  spdlog::info("stopped");
  return EXIT_SUCCESS;
}

}  // namespace sagashop::app
