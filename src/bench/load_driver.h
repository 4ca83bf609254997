#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/bench_options.h"
#include "bench/latency_histogram.h"
#include "bench/order_mix.h"
#include "platform/core/timestamp.h"

namespace sagashop::bench {

// One order the system accepted, and when it was due (the wall clock, to compare with the
// server's timestamps on the same host).
struct PlacedOrder {
  std::int64_t id = 0;
  OrderPath path = OrderPath::kOk;
  SystemTime due;
  bool measured = false;  // due within the measured part, not the warm-up
};

// What the sending phase saw.
struct LoadReport {
  std::vector<PlacedOrder> placed;
  LatencyHistogram post;  // measured requests
  std::map<std::string, std::int64_t> errors;
  std::int64_t sent = 0;      // measured
  std::int64_t accepted = 0;  // measured, 201
  double max_send_lag_ms = 0;
  SystemTime window_start;  // the measured part, on the wall clock
  SystemTime window_end;
};

// Counters the progress line reads while the senders run.
struct LiveCounters {
  std::atomic<std::int64_t> sent{0};
  std::atomic<std::int64_t> accepted{0};
  std::atomic<std::int64_t> errors{0};
};

// Places orders through POST /orders for warm-up + duration: open loop (request i due at
// start + i/rate, served by a fixed set of connections; latency counted from the due time) or
// closed loop (each client sends its next order when the previous one was answered).
class LoadDriver {
 public:
  LoadDriver(const BenchOptions& options, std::int64_t user_id, std::string run_id);

  LoadReport Run(LiveCounters& live);

 private:
  struct Sender;
  void SendLoop(Sender& sender, LiveCounters& live);

  BenchOptions options_;
  OrderMix mix_;
  std::int64_t user_id_;
  std::string run_id_;
  std::atomic<std::int64_t> next_index_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point measure_from_;
  std::chrono::steady_clock::time_point end_;
  SystemTime wall_start_;
};

}  // namespace sagashop::bench
