#include "bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sagashop::bench {
namespace {

constexpr std::int64_t kSubBuckets = std::int64_t{1} << LatencyHistogram::kSubBucketBits;
constexpr std::int64_t kExactBelow = 2 * kSubBuckets;  // 0..255 get a bucket each

// Bucket layout: [0, 256) one per value; then for each magnitude m ≥ 1 the values
// [128 << m, 256 << m) in 128 buckets of width 1 << m.
std::size_t BucketCount() {
  const int magnitudes =
      std::bit_width(static_cast<std::uint64_t>(LatencyHistogram::kHighestTrackable)) -
      (LatencyHistogram::kSubBucketBits + 1);
  return static_cast<std::size_t>(kExactBelow + magnitudes * kSubBuckets);
}

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(BucketCount(), 0) {}

std::size_t LatencyHistogram::IndexOf(std::int64_t micros) {
  if (micros < kExactBelow) return static_cast<std::size_t>(micros);
  const int magnitude = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(micros))) -
                        (kSubBucketBits + 1);           // ≥ 1
  const std::int64_t sub_bucket = micros >> magnitude;  // [128, 256)
  return static_cast<std::size_t>(kExactBelow + (magnitude - 1) * kSubBuckets +
                                  (sub_bucket - kSubBuckets));
}

std::int64_t LatencyHistogram::HighestValueOf(std::size_t index) {
  const auto i = static_cast<std::int64_t>(index);
  if (i < kExactBelow) return i;
  const std::int64_t magnitude = 1 + (i - kExactBelow) / kSubBuckets;
  const std::int64_t sub_bucket = kSubBuckets + (i - kExactBelow) % kSubBuckets;
  return ((sub_bucket + 1) << magnitude) - 1;
}

void LatencyHistogram::Record(std::int64_t micros) {
  micros = std::clamp<std::int64_t>(micros, 0, kHighestTrackable - 1);
  ++counts_[IndexOf(micros)];
  min_ = count_ == 0 ? micros : std::min(min_, micros);
  max_ = count_ == 0 ? micros : std::max(max_, micros);
  ++count_;
  sum_ += static_cast<double>(micros);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

double LatencyHistogram::Mean() const {
  return count_ == 0 ? 0 : sum_ / static_cast<double>(count_);
}

std::int64_t LatencyHistogram::ValueAtPercentile(double percentile) const {
  if (count_ == 0) return 0;
  const double fraction = std::clamp(percentile, 0.0, 100.0) / 100.0;
  // The rank of the sample asked for, 1-based: p99 of 1000 samples is the 990th.
  const auto rank = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(fraction * static_cast<double>(count_) - 1e-9)));
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(HighestValueOf(i), max_);
  }
  return max_;
}

}  // namespace sagashop::bench
