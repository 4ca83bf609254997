#include "bench/bench_command.h"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>

#include "bench/bench_catalog.h"
#include "bench/latency_histogram.h"
#include "bench/load_driver.h"
#include "bench/progress_line.h"
#include "bench/saga_outcome_reader.h"

namespace sagashop::bench {
namespace {

BenchResult Assemble(const BenchOptions& options, const LoadReport& load,
                     const std::map<std::int64_t, OrderOutcome>& outcomes, SystemTime gave_up) {
  BenchResult result;
  result.loop = options.OpenLoop() ? "open" : "closed";
  result.rate = options.rate;
  result.clients = options.clients;
  result.connections = options.OpenLoop() ? options.connections : options.clients;
  result.duration_s = static_cast<double>(options.duration.count());
  result.warmup_s = static_cast<double>(options.warmup.count());
  result.mix = options.Mix().ToString();
  result.sent = load.sent;
  result.accepted = load.accepted;
  result.max_send_lag_ms = load.max_send_lag_ms;
  result.post = load.post;
  result.errors = load.errors;
  for (OrderPath path : kOrderPaths) {
    if (options.Mix().Weight(path) > 0) result.paths[path];
  }
  for (const PlacedOrder& order : load.placed) {
    PathOutcome& path = result.paths[order.path];
    ++path.placed;
    const auto found = outcomes.find(order.id);
    if (found == outcomes.end() || !found->second.Final()) {
      ++path.unfinished;
      ++result.errors["saga_unfinished"];
      if (order.measured) {
        // Counted at the time the bench gave up, a latency it has at least: leaving it out would
        // make an overloaded run's percentiles look better than the finished ones alone.
        const std::int64_t micros = LatencyHistogram::MicrosOf(gave_up - order.due);
        path.saga.Record(micros);
        result.saga.Record(micros);
      }
      continue;
    }
    const OrderOutcome& outcome = found->second;
    if (outcome.status == ExpectedStatus(order.path)) {
      ++path.as_expected;
    } else {
      ++path.unexpected;
      ++result.errors["saga_" + outcome.status + "_for_" + PathName(order.path)];
    }
    if (outcome.updated_at >= load.window_start && outcome.updated_at < load.window_end) {
      ++result.sagas_ended_in_window;
    }
    if (order.measured) {
      const std::int64_t micros = LatencyHistogram::MicrosOf(outcome.updated_at - order.due);
      path.saga.Record(micros);
      result.saga.Record(micros);
    }
  }
  return result;
}

}  // namespace

BenchResult RunBench(const BenchOptions& options, std::ostream& out) {
  options.Validate();
  http::HttpClient inventory(options.host, static_cast<std::uint16_t>(options.inventory_port),
                             std::chrono::seconds(30), options.tls);
  if (!options.authorization.empty()) {
    inventory.SetDefaultHeaders({{"Authorization", options.authorization}});
  }
  BenchCatalog::Seed(inventory);

  // One user id per run: the run's orders are the user's orders, listed after the run.
  std::random_device entropy;
  const std::int64_t user_id =
      std::uniform_int_distribution<std::int64_t>(1'000'000'000, 999'999'999'999'999)(entropy);
  LoadDriver driver(options, user_id, std::to_string(user_id));
  LiveCounters live;
  std::atomic<std::int64_t> pending{-1};
  LoadReport load;
  std::map<std::int64_t, OrderOutcome> outcomes;
  {
    ProgressLine progress(std::cerr, options.progress && ::isatty(STDERR_FILENO) != 0, live,
                          pending, options.warmup, options.duration);
    load = driver.Run(live);
    SagaOutcomeReader reader(options.host, options.order_port, user_id, options.tls,
                             options.authorization);
    outcomes = reader.WaitForFinal(load.placed.size(),
                                   std::chrono::steady_clock::now() + options.drain, pending);
  }
  BenchResult result = Assemble(options, load, outcomes, std::chrono::system_clock::now());
  if (!options.out.empty()) {
    std::ofstream file(options.out);
    file << boost::json::serialize(ToJson(result)) << "\n";
    if (!file) throw std::runtime_error("bench: cannot write " + options.out);
  }
  PrintTable(result, out);
  return result;
}

}  // namespace sagashop::bench
