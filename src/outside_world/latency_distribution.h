#pragma once

#include <chrono>
#include <random>

namespace sagashop::outside_world {

// The time a simulated call takes. With the 99th percentile equal to the median every call takes
// the median; above it, a log-normal distribution through both points, so most calls are quick
// and a few are very slow, as real providers are.
class LatencyDistribution {
 public:
  // Expects 0 <= median_ms <= p99_ms, and median_ms > 0 when p99_ms > median_ms
  // (FaceBehaviour::Validate checks that); throws std::invalid_argument otherwise.
  LatencyDistribution(double median_ms, double p99_ms);

  std::chrono::microseconds Sample(std::mt19937_64& random) const;

 private:
  double median_ms_;
  double mu_ = 0;     // of the underlying normal distribution, in log-milliseconds
  double sigma_ = 0;  // 0: constant
  double cap_ms_;     // the log-normal tail is unbounded; a sample is cut off far beyond the p99
};

}  // namespace sagashop::outside_world
