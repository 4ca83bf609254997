#include "app/bench_command_line.h"

#include <iostream>
#include <stdexcept>

#include "app/http_tls.h"
#include "app/local_tokens.h"
#include "bench/bench_command.h"

namespace sagashop::app {

CLI::App* AddBenchCommand(CLI::App& app, bench::BenchOptions& options) {
  CLI::App* bench = app.add_subcommand(
      "bench", "Drive a running system through its HTTP API and measure whole sagas");
  bench->fallthrough();  // --http-base-port, --http-host point it at the system
  options.order_port = 0;
  options.inventory_port = 0;
  options.host.clear();
  bench->add_option("--rate", options.rate,
                    "Open loop: orders per second on a fixed schedule (latency counted from each "
                    "order's slot)");
  bench->add_option("--clients", options.clients,
                    "Closed loop: clients each sending its next order when answered");
  bench
      ->add_option("--connections", options.connections,
                   "Open loop: connections serving the schedule")
      ->capture_default_str();
  bench->add_option_function<int>(
      "--duration", [&options](int s) { options.duration = std::chrono::seconds(s); },
      "Seconds measured (default 10)");
  bench->add_option_function<int>(
      "--warmup", [&options](int s) { options.warmup = std::chrono::seconds(s); },
      "Seconds sent before measuring (default 2)");
  bench->add_option_function<int>(
      "--drain", [&options](int s) { options.drain = std::chrono::seconds(s); },
      "Seconds to wait after sending for the sagas to end (default 60)");
  bench
      ->add_option("--mix", options.mix,
                   "Share of each saga path, e.g. ok=70,declined=10,short=10,undeliverable=10")
      ->capture_default_str();
  bench->add_option("--out", options.out, "Write the result as JSON to this file");
  bench->add_option("--host", options.host, "Host of the system (default: --http-host)");
  bench->add_option("--order-port", options.order_port,
                    "Order service port (default: --http-base-port)");
  bench->add_option("--inventory-port", options.inventory_port,
                    "Inventory service port (default: --http-base-port + 2)");
  bench->add_flag(
      "--no-progress", [&options](std::int64_t) { options.progress = false; },
      "No progress line, even on a terminal");
  return bench;
}

int RunBenchCommand(const Settings& settings, bench::BenchOptions options, std::ostream& out) {
  if (options.host.empty()) options.host = settings.http.host;
  if (options.order_port == 0) options.order_port = settings.http.base_port;
  if (options.inventory_port == 0) options.inventory_port = settings.http.base_port + 2;
  if (options.authorization.empty()) options.authorization = CommandAuthorization(settings);
  options.tls = ServiceClientTls(settings);
  try {
    options.Validate();
  } catch (const std::invalid_argument& error) {
    std::cerr << "sagashop: invalid setting: " << error.what() << "\n";
    return 2;
  }
  const bench::BenchResult result = bench::RunBench(options, out);
  return result.ErrorCount() == 0 ? 0 : 1;
}

}  // namespace sagashop::app
