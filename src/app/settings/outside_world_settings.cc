#include "app/settings/outside_world_settings.h"

#include <stdexcept>
#include <utility>

#include "app/settings/require.h"
#include "platform/http/origin.h"

namespace sagashop::app {

void OutsideWorldSettings::Validate() const {
  Require(payment_limit >= 1, "--payment-limit must be positive");
  Require(payment_latency_ms >= 0, "--payment-latency-ms must not be negative");
  Require(payment_failure_rate >= 0 && payment_failure_rate <= 1,
          "--payment-failure-rate must be in [0, 1]");
  Require(carrier_latency_ms >= 0, "--carrier-latency-ms must not be negative");
  Require(carrier_failure_rate >= 0 && carrier_failure_rate <= 1,
          "--carrier-failure-rate must be in [0, 1]");
  Require(payment_latency_p99_ms >= 0, "--payment-latency-p99-ms must not be negative");
  Require(carrier_latency_p99_ms >= 0, "--carrier-latency-p99-ms must not be negative");
  for (const auto& [flag, url] : {std::pair{"--payment-provider-url", &payment_provider_url},
                                  std::pair{"--carrier-url", &carrier_url}}) {
    if (url->empty()) continue;
    try {
      http::ParseHttpOrigin(*url);
    } catch (const std::invalid_argument& error) {
      Require(false, std::string(flag) + ": " + error.what());
    }
  }
  Require(calls_max_in_flight >= 1 && calls_max_in_flight <= 10'000,
          "--outside-calls-max-in-flight must be from 1 to 10000");
  Require(call_timeout_ms >= 1, "--outside-call-timeout-ms must be at least 1");
  Require(call_retry_backoff_ms >= 1, "--outside-call-retry-backoff-ms must be at least 1");
  Require(call_retry_backoff_max_ms >= call_retry_backoff_ms,
          "--outside-call-retry-backoff-max-ms must be at least --outside-call-retry-backoff-ms");
  Require(call_breaker_failures >= 1, "--outside-call-breaker-failures must be at least 1");
  Require(call_breaker_open_ms >= 1, "--outside-call-breaker-open-ms must be at least 1");
}

}  // namespace sagashop::app
