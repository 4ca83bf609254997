#pragma once

#include <cstdint>
#include <string>

namespace sagashop::app {

// The payment provider and the carrier: simulated in-process, or reached over their HTTP APIs,
// and how the services call them.
struct OutsideWorldSettings {
  // The simulated outside world: a latency is the median of a log-normal distribution whose 99th
  // percentile is the matching *_p99_ms (constant when that is not above the median).
  std::int64_t payment_limit = 1'000'000;
  int payment_latency_ms = 0;
  int payment_latency_p99_ms = 0;
  double payment_failure_rate = 0.0;
  int carrier_latency_ms = 0;
  int carrier_latency_p99_ms = 0;
  double carrier_failure_rate = 0.0;

  // A provider's HTTP API (docs/outside-world.md), e.g. http://127.0.0.1:8010 for
  // `sagashop outside-world`; empty: the in-process simulator above.
  std::string payment_provider_url;
  std::string carrier_url;

  // Calls to the payment provider and the carrier (docs/outside-calls.md), per service.
  int calls_max_in_flight = 256;
  int call_timeout_ms = 10'000;
  int call_retry_backoff_ms = 200;
  int call_retry_backoff_max_ms = 30'000;
  int call_breaker_failures = 5;  // unanswered attempts in a row that open the circuit
  int call_breaker_open_ms = 1'000;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::app
