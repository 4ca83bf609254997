#pragma once

#include <prometheus/counter.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"

namespace sagashop::order {

// Bounds the sagas under way, so that an overloaded system keeps finishing sagas at the rate it
// can sustain instead of queueing orders without bound (docs/operations.md, "Admission"). POST
// /orders asks before it writes anything; while `max_in_flight` sagas are STARTED or COMPENSATING
// the answer is no, and the request is refused with 503 and Retry-After.
//
// The count of sagas under way is read from the database (every Order instance shares it), at
// most once per `refresh`, by whichever request finds it stale; orders admitted here since then
// are added to it. So the bound is not exact: it may be overshot by the requests in progress at a
// refresh, and several instances may overshoot it by about their admissions in one `refresh`.
class SagaAdmission {
 public:
  struct Config {
    std::int64_t max_in_flight = 1'000;  // 0: every order is admitted
    std::chrono::milliseconds refresh{100};
  };

  SagaAdmission(db::Database& database, Config config, metrics::MetricsRegistry& metrics);

  // True when one more saga may start; it is then counted as under way until the next refresh.
  bool TryAdmit();

  // An order was turned away for want of room (sagashop_orders_refused_total). Not every order
  // TryAdmit says no to is: a retry of one made already is answered with it.
  void CountRefusal() { refused_.Increment(); }

  // How long a refused client should wait before it tries again (Retry-After).
  std::chrono::seconds RetryAfter() const { return std::chrono::seconds(1); }

  std::int64_t Limit() const { return config_.max_in_flight; }

  // Sagas STARTED or COMPENSATING now, read from the database.
  std::int64_t CountInFlight();

 private:
  void RefreshIfStale();

  db::Database& database_;
  const Config config_;
  prometheus::Counter& refused_;

  std::mutex refreshing_;  // one request refreshes; the others use the count they find
  std::atomic<std::int64_t> next_refresh_ns_{0};
  std::atomic<std::int64_t> counted_{0};   // under way at the last refresh
  std::atomic<std::int64_t> admitted_{0};  // admitted here since then
};

}  // namespace sagashop::order
