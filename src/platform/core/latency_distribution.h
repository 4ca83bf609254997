#pragma once

#include <chrono>
#include <random>

namespace sagashop {

// How long a simulated remote call takes: log-normal, fitted to a median and a 99th percentile, so
// most calls take about the median and a long tail reaches the p99 (the shape real providers
// show). A p99 equal to the median is a constant latency.
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
  double sigma_;  // of the underlying normal; its mean is ln(median)
};

}  // namespace sagashop
