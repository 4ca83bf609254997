#include "outside_world/latency_distribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sagashop::outside_world {
namespace {

// The standard normal distribution's 99th percentile.
constexpr double kZ99 = 2.3263478740408408;

}  // namespace

LatencyDistribution::LatencyDistribution(double median_ms, double p99_ms)
    : median_ms_(median_ms), cap_ms_(p99_ms * 10) {
  if (!(median_ms >= 0) || !(p99_ms >= median_ms) || (p99_ms > median_ms && median_ms <= 0)) {
    throw std::invalid_argument(
        "latency: need 0 <= median <= p99, and a positive median for a "
        "tail");
  }
  if (p99_ms > median_ms) {
    // The median of a log-normal is exp(mu) and its p99 exp(mu + z99 * sigma).
    mu_ = std::log(median_ms);
    sigma_ = std::log(p99_ms / median_ms) / kZ99;
  }
}

std::chrono::microseconds LatencyDistribution::Sample(std::mt19937_64& random) const {
  double ms = median_ms_;
  if (sigma_ > 0) {
    std::normal_distribution<double> normal(mu_, sigma_);
    ms = std::min(std::exp(normal(random)), cap_ms_);
  }
  return std::chrono::microseconds(static_cast<std::int64_t>(std::llround(ms * 1000)));
}

}  // namespace sagashop::outside_world
