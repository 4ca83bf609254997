#pragma once

#include <chrono>
#include <random>

namespace sagashop {

// How long a simulated remote call takes: log-normal, fitted to a median and a 99th percentile, so
// most calls take about the median and a long tail reaches the p99 (the shape real providers
// show), cut off at ten times the p99. A p99 equal to the median is a constant latency, and a
// zero median no latency at all.
class LatencyDistribution {
 public:
  // Throws std::invalid_argument unless 0 <= median <= p99 (a zero median is no latency at all).
  LatencyDistribution(std::chrono::milliseconds median, std::chrono::milliseconds p99);

  std::chrono::microseconds Sample(std::mt19937_64& random) const;

  std::chrono::milliseconds Median() const { return median_; }
  std::chrono::milliseconds P99() const { return p99_; }

 private:
  std::chrono::milliseconds median_;
  std::chrono::milliseconds p99_;
  double sigma_ = 0.0;  // of the underlying normal (its mean is ln(median)); 0: constant
};

}  // namespace sagashop
