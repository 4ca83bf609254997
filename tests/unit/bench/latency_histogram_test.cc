#include "bench/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace sagashop::bench {
namespace {

// The exact percentile by the same rank rule: the ceil(p% * n)-th smallest sample.
std::int64_t ExactPercentile(std::vector<std::int64_t> values, double percentile) {
  std::sort(values.begin(), values.end());
  const auto rank = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(percentile / 100.0 * values.size() - 1e-9)));
  return values[rank - 1];
}

TEST(LatencyHistogramTest, EmptyReportsZeros) {
  const LatencyHistogram histogram;
  EXPECT_EQ(histogram.Count(), 0);
  EXPECT_EQ(histogram.Min(), 0);
  EXPECT_EQ(histogram.Max(), 0);
  EXPECT_EQ(histogram.ValueAtPercentile(99), 0);
  EXPECT_EQ(histogram.Mean(), 0);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram histogram;
  for (std::int64_t v = 0; v < 256; ++v) histogram.Record(v);
  EXPECT_EQ(histogram.ValueAtPercentile(50), 127);
  EXPECT_EQ(histogram.ValueAtPercentile(100), 255);
  EXPECT_EQ(histogram.Min(), 0);
  EXPECT_DOUBLE_EQ(histogram.Mean(), 127.5);
}

TEST(LatencyHistogramTest, PercentilesAreWithinTheStatedPrecisionAndNeverBelow) {
  std::mt19937_64 random(42);
  std::lognormal_distribution<double> latency(9.0, 1.5);  // median ~8 ms, long tail
  std::vector<std::int64_t> values;
  LatencyHistogram histogram;
  for (int i = 0; i < 200'000; ++i) {
    const auto v = static_cast<std::int64_t>(latency(random));
    values.push_back(v);
    histogram.Record(v);
  }
  for (double p : {1.0, 25.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0}) {
    const std::int64_t exact = ExactPercentile(values, p);
    const std::int64_t reported = histogram.ValueAtPercentile(p);
    EXPECT_GE(reported, exact) << "p" << p;
    EXPECT_LE(static_cast<double>(reported - exact),
              static_cast<double>(exact) * LatencyHistogram::kRelativePrecision)
        << "p" << p << " exact " << exact << " reported " << reported;
  }
  EXPECT_EQ(histogram.Max(), *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(histogram.ValueAtPercentile(100), histogram.Max());
}

TEST(LatencyHistogramTest, EveryValueOfABucketBoundaryKeepsThePrecision) {
  // Around each power of two, where the bucket width doubles.
  for (int bit = 8; bit < 40; ++bit) {
    for (std::int64_t delta : {-1, 0, 1}) {
      const std::int64_t value = (std::int64_t{1} << bit) + delta;
      LatencyHistogram histogram;
      histogram.Record(value);
      histogram.Record(value + 1'000'000'000'000);  // a larger max, so no clamping to it
      const std::int64_t reported = histogram.ValueAtPercentile(50);
      EXPECT_GE(reported, value);
      EXPECT_LE(static_cast<double>(reported - value),
                static_cast<double>(value) * LatencyHistogram::kRelativePrecision)
          << value;
    }
  }
}

TEST(LatencyHistogramTest, EdgeValuesAreClampedNotLost) {
  LatencyHistogram histogram;
  histogram.Record(-5);
  histogram.Record(LatencyHistogram::kHighestTrackable * 4);
  EXPECT_EQ(histogram.Count(), 2);
  EXPECT_EQ(histogram.Min(), 0);
  EXPECT_EQ(histogram.Max(), LatencyHistogram::kHighestTrackable - 1);
  EXPECT_EQ(histogram.ValueAtPercentile(50), 0);
  EXPECT_EQ(histogram.ValueAtPercentile(100), LatencyHistogram::kHighestTrackable - 1);
}

TEST(LatencyHistogramTest, MergeEqualsRecordingEverythingInOne) {
  LatencyHistogram left;
  LatencyHistogram right;
  LatencyHistogram both;
  for (std::int64_t v = 1; v <= 10'000; ++v) {
    (v % 3 == 0 ? left : right).Record(v * 37);
    both.Record(v * 37);
  }
  LatencyHistogram merged;
  merged.Merge(left);
  merged.Merge(right);
  merged.Merge(LatencyHistogram());  // an empty one changes nothing
  EXPECT_EQ(merged.Count(), both.Count());
  EXPECT_EQ(merged.Min(), both.Min());
  EXPECT_EQ(merged.Max(), both.Max());
  EXPECT_DOUBLE_EQ(merged.Mean(), both.Mean());
  for (double p : {50.0, 95.0, 99.0, 99.9}) {
    EXPECT_EQ(merged.ValueAtPercentile(p), both.ValueAtPercentile(p)) << p;
  }
}

TEST(LatencyHistogramTest, PercentilesAreOrdered) {
  LatencyHistogram histogram;
  for (std::int64_t v = 1; v <= 1000; ++v) histogram.Record(v * v);
  std::int64_t previous = 0;
  for (double p : {50.0, 95.0, 99.0, 99.9, 100.0}) {
    EXPECT_GE(histogram.ValueAtPercentile(p), previous);
    previous = histogram.ValueAtPercentile(p);
  }
}

}  // namespace
}  // namespace sagashop::bench
