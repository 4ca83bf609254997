#include "platform/core/latency_distribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sagashop {
namespace {

// The standard normal distribution's 99th percentile.
constexpr double kZ99 = 2.3263478740408408;

// The log-normal tail is unbounded; a sample is cut off this far beyond the p99, so one unlucky
// draw cannot stall a simulated call for minutes.
constexpr double kCapTimesP99 = 10.0;

}  // namespace

LatencyDistribution::LatencyDistribution(std::chrono::milliseconds median,
                                         std::chrono::milliseconds p99)
    : median_(median), p99_(p99) {
  if (median.count() < 0) throw std::invalid_argument("latency median must not be negative");
  if (p99 < median) throw std::invalid_argument("latency p99 must be at least the median");
  if (median.count() > 0 && p99 > median) {
    // The median of a log-normal is exp(mu), its p99 exp(mu + z99 * sigma).
    sigma_ =
        std::log(static_cast<double>(p99.count()) / static_cast<double>(median.count())) / kZ99;
  }
}

std::chrono::microseconds LatencyDistribution::Sample(std::mt19937_64& random) const {
  const double median_us = static_cast<double>(median_.count()) * 1000.0;
  double us = median_us;
  if (sigma_ > 0) {
    std::normal_distribution<double> normal(0.0, sigma_);
    us = std::min(median_us * std::exp(normal(random)),
                  static_cast<double>(p99_.count()) * 1000.0 * kCapTimesP99);
  }
  return std::chrono::microseconds(std::llround(us));
}

}  // namespace sagashop
