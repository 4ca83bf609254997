#include "platform/core/latency_distribution.h"

#include <cmath>
#include <stdexcept>

namespace sagashop {
namespace {

// The standard normal distribution's 99th percentile.
constexpr double kZ99 = 2.3263478740408408;

}  // namespace

LatencyDistribution::LatencyDistribution(std::chrono::milliseconds median,
                                         std::chrono::milliseconds p99)
    : median_(median), p99_(p99), sigma_(0.0) {
  if (median.count() < 0) throw std::invalid_argument("latency median must not be negative");
  if (p99 < median) throw std::invalid_argument("latency p99 must be at least the median");
  if (median.count() > 0) {
    sigma_ = (std::log(static_cast<double>(p99.count())) -
              std::log(static_cast<double>(median.count()))) /
             kZ99;
  }
}

std::chrono::microseconds LatencyDistribution::Sample(std::mt19937_64& random) const {
  if (median_.count() == 0) return std::chrono::microseconds(0);
  const double median_us = static_cast<double>(median_.count()) * 1000.0;
  if (sigma_ == 0.0) return std::chrono::microseconds(static_cast<std::int64_t>(median_us));
  std::normal_distribution<double> normal(0.0, sigma_);
  return std::chrono::microseconds(static_cast<std::int64_t>(median_us * std::exp(normal(random))));
}

}  // namespace sagashop
