#pragma once

#include <ostream>

#include "bench/bench_options.h"
#include "bench/bench_result.h"

namespace sagashop::bench {

// `sagashop bench`: seeds the products it needs, places orders through the public API for
// warm-up + duration, waits (up to --drain) for the sagas to end, and reports POST /orders and
// end-to-end saga latency, sagas/s and errors: a table on `out`, JSON in --out.
//
// Saga latency runs from the moment an order was due to be sent (open loop: its slot in the
// schedule; closed loop: when it was sent) to the moment the Order service applied its final
// move (the order's updatedAt, read after the run; same host, same clock).
BenchResult RunBench(const BenchOptions& options, std::ostream& out);

}  // namespace sagashop::bench
