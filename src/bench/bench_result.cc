#include "bench/bench_result.h"

#include <boost/json/array.hpp>
#include <iomanip>

namespace sagashop::bench {
namespace {

double Ms(std::int64_t micros) {
  return static_cast<double>(micros) / 1000.0;
}

boost::json::object LatencyJson(const LatencyHistogram& histogram) {
  return {{"count", histogram.Count()},
          {"min", Ms(histogram.Min())},
          {"mean", histogram.Mean() / 1000.0},
          {"p50", Ms(histogram.ValueAtPercentile(50))},
          {"p95", Ms(histogram.ValueAtPercentile(95))},
          {"p99", Ms(histogram.ValueAtPercentile(99))},
          {"p999", Ms(histogram.ValueAtPercentile(99.9))},
          {"max", Ms(histogram.Max())}};
}

void LatencyRow(std::ostream& out, const std::string& name, const LatencyHistogram& histogram) {
  out << "  " << std::left << std::setw(22) << name << std::right << std::setw(8)
      << histogram.Count();
  for (double percentile : {50.0, 95.0, 99.0, 99.9}) {
    out << std::setw(10) << Ms(histogram.ValueAtPercentile(percentile));
  }
  out << std::setw(10) << Ms(histogram.Max()) << "\n";
}

}  // namespace

std::int64_t BenchResult::ErrorCount() const {
  std::int64_t total = 0;
  for (const auto& [kind, count] : errors) total += count;
  return total;
}

boost::json::object ToJson(const BenchResult& result) {
  boost::json::object paths;
  for (const auto& [path, outcome] : result.paths) {
    paths[PathName(path)] = boost::json::object{{"placed", outcome.placed},
                                                {"asExpected", outcome.as_expected},
                                                {"unexpected", outcome.unexpected},
                                                {"unfinished", outcome.unfinished},
                                                {"sagaLatencyMs", LatencyJson(outcome.saga)}};
  }
  boost::json::object errors;
  for (const auto& [kind, count] : result.errors) errors[kind] = count;
  boost::json::object json{{"loop", result.loop},
                           {"rate", result.rate},
                           {"clients", result.clients},
                           {"connections", result.connections},
                           {"durationSeconds", result.duration_s},
                           {"warmupSeconds", result.warmup_s},
                           {"mix", result.mix},
                           {"sent", result.sent},
                           {"accepted", result.accepted},
                           {"acceptedPerSecond", result.AcceptedPerSecond()},
                           {"maxSendLagMs", result.max_send_lag_ms},
                           {"sagasEndedInWindow", result.sagas_ended_in_window},
                           {"sagasPerSecond", result.SagasPerSecond()},
                           {"postLatencyMs", LatencyJson(result.post)},
                           {"sagaLatencyMs", LatencyJson(result.saga)},
                           {"paths", std::move(paths)},
                           {"errorCount", result.ErrorCount()},
                           {"errors", std::move(errors)}};
  return json;
}

void PrintTable(const BenchResult& result, std::ostream& out) {
  out << std::fixed << std::setprecision(1);
  out << "\n";
  if (result.loop == "open") {
    out << "Open loop at " << result.rate << " orders/s (" << result.connections << " connections)";
  } else {
    out << "Closed loop, " << result.clients << " clients";
  }
  out << ", " << result.duration_s << " s measured after " << result.warmup_s << " s warm-up, mix "
      << result.mix << "\n\n";
  out << "  orders sent " << result.sent << ", accepted " << result.accepted << " ("
      << result.AcceptedPerSecond() << "/s); sagas ended " << result.sagas_ended_in_window << " ("
      << result.SagasPerSecond() << "/s)\n";
  if (result.loop == "open") {
    out << "  generator's worst send lag " << result.max_send_lag_ms << " ms\n";
  }
  out << std::setprecision(2) << "\n  " << std::left << std::setw(22) << "latency (ms)"
      << std::right << std::setw(8) << "count" << std::setw(10) << "p50" << std::setw(10) << "p95"
      << std::setw(10) << "p99" << std::setw(10) << "p99.9" << std::setw(10) << "max"
      << "\n";
  LatencyRow(out, "POST /orders", result.post);
  LatencyRow(out, "saga, every path", result.saga);
  for (const auto& [path, outcome] : result.paths) {
    if (outcome.placed > 0) LatencyRow(out, std::string("saga, ") + PathName(path), outcome.saga);
  }
  out << "\n  paths:";
  for (const auto& [path, outcome] : result.paths) {
    out << "  " << PathName(path) << " " << outcome.as_expected << "/" << outcome.placed;
  }
  out << "  (ended as expected / placed)\n";
  out << "  errors: " << result.ErrorCount();
  for (const auto& [kind, count] : result.errors) out << "  " << kind << " " << count;
  out << "\n" << std::defaultfloat;
}

}  // namespace sagashop::bench
