#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>

#include "bench/latency_histogram.h"
#include "bench/order_mix.h"

namespace sagashop::bench {

// How the orders of one path ended.
struct PathOutcome {
  std::int64_t placed = 0;       // accepted with 201 (measured and warm-up alike)
  std::int64_t as_expected = 0;  // ended as the path should (ok COMPLETED, the others CANCELED)
  std::int64_t unexpected = 0;   // ended otherwise (FAILED, or the wrong final status)
  std::int64_t unfinished = 0;   // not final when the drain deadline passed
  LatencyHistogram saga;         // measured orders only: due time -> final (server's clock)
};

// Everything one run measured; what --out writes and the table shows.
struct BenchResult {
  std::string loop;  // "open" or "closed"
  double rate = 0;   // open loop: orders/s asked for
  int clients = 0;   // closed loop
  int connections = 0;
  double duration_s = 0;
  double warmup_s = 0;
  std::string mix;

  std::int64_t sent = 0;       // requests whose due (or send) time fell in the measured part
  std::int64_t accepted = 0;   // of those, answered 201
  double max_send_lag_ms = 0;  // open loop: how late the generator itself sent anything
  LatencyHistogram post;       // measured requests, from due time to response
  LatencyHistogram saga;       // measured orders, every path
  std::map<OrderPath, PathOutcome> paths;
  std::int64_t sagas_ended_in_window = 0;      // any order reaching its final state in the window
  std::map<std::string, std::int64_t> errors;  // kind -> count

  double AcceptedPerSecond() const { return duration_s > 0 ? accepted / duration_s : 0; }
  double SagasPerSecond() const {
    return duration_s > 0 ? static_cast<double>(sagas_ended_in_window) / duration_s : 0;
  }
  std::int64_t ErrorCount() const;
};

boost::json::object ToJson(const BenchResult& result);
// The summary a person reads at the end of a run.
void PrintTable(const BenchResult& result, std::ostream& out);

}  // namespace sagashop::bench
