#include "outside_world/face_behaviour.h"

#include <string>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

// Ten minutes: longer than any client waits, short enough that a typo cannot park a thread for
// hours.
constexpr std::int64_t kMaxDelayMs = 600'000;

void RequireMilliseconds(const char* field, std::int64_t value) {
  if (value < 0 || value > kMaxDelayMs) {
    throw FieldError(field, "must be between 0 and " + std::to_string(kMaxDelayMs) + ", got " +
                                std::to_string(value));
  }
}

void RequireRate(const char* field, double value) {
  // Written so that NaN fails too.
  if (!(value >= 0.0 && value <= 1.0)) {
    throw FieldError(field, "must be between 0 and 1, got " + std::to_string(value));
  }
}

}  // namespace

void FaceBehaviour::Validate() const {
  RequireMilliseconds("latencyMedianMs", latency_median_ms);
  RequireMilliseconds("latencyP99Ms", latency_p99_ms);
  if (latency_p99_ms < latency_median_ms) {
    throw FieldError("latencyP99Ms", "must not be below latencyMedianMs (" +
                                         std::to_string(latency_median_ms) + "), got " +
                                         std::to_string(latency_p99_ms));
  }
  // A log-normal distribution is fitted through the median; a median of 0 has no tail to fit.
  if (latency_p99_ms > latency_median_ms && latency_median_ms == 0) {
    throw FieldError("latencyP99Ms", "a tail above the median needs latencyMedianMs above 0");
  }
  RequireRate("failureRate", failure_rate);
  RequireRate("timeoutRate", timeout_rate);
  RequireMilliseconds("timeoutDelayMs", timeout_delay_ms);
}

}  // namespace sagashop::outside_world
