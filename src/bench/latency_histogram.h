#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

namespace sagashop::bench {

// A log-linear histogram of latencies in microseconds, in the manner of HdrHistogram: values below
// 256 µs are counted exactly; above, every power of two is split into 128 equal buckets, so a
// reported value is never below the recorded one and at most 1/128 (0.79 %) above it. Values up to
// 2^40 µs (12.7 days) are kept; larger ones count as that maximum. Recording is O(1) and the
// memory fixed (about 37 KB), so a run of any length keeps every sample's contribution.
class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;  // 128 buckets per power of two
  static constexpr double kRelativePrecision = 1.0 / (1 << kSubBucketBits);
  static constexpr std::int64_t kHighestTrackable = std::int64_t{1} << 40;

  LatencyHistogram();

  // A duration in the histogram's unit, whole microseconds.
  static std::int64_t MicrosOf(std::chrono::nanoseconds duration) {
    return std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  }

  // Negative values count as 0.
  void Record(std::int64_t micros);
  void Merge(const LatencyHistogram& other);

  std::int64_t Count() const { return count_; }
  std::int64_t Min() const { return count_ == 0 ? 0 : min_; }
  std::int64_t Max() const { return count_ == 0 ? 0 : max_; }
  double Mean() const;

  // The smallest bucket bound at or below which `percentile` % of the samples lie (0 < percentile
  // ≤ 100), reported as the bucket's highest value but never above Max(); 0 when empty.
  std::int64_t ValueAtPercentile(double percentile) const;

 private:
  static std::size_t IndexOf(std::int64_t micros);
  static std::int64_t HighestValueOf(std::size_t index);

  std::vector<std::int64_t> counts_;
  std::int64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  double sum_ = 0;
};

}  // namespace sagashop::bench
