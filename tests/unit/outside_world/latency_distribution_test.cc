#include "outside_world/latency_distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace sagashop::outside_world {
namespace {

// Sorted samples in milliseconds from a fixed seed: the checks are statistical but reproducible.
std::vector<double> SortedSamples(const LatencyDistribution& latency, int count) {
  std::mt19937_64 random(42);
  std::vector<double> samples;
  samples.reserve(count);
  for (int i = 0; i < count; ++i) samples.push_back(latency.Sample(random).count() / 1000.0);
  std::sort(samples.begin(), samples.end());
  return samples;
}

double Percentile(const std::vector<double>& sorted, double share) {
  return sorted[static_cast<std::size_t>(share * (sorted.size() - 1))];
}

TEST(LatencyDistributionTest, AMedianEqualToTheP99IsAConstantLatency) {
  const auto samples = SortedSamples(LatencyDistribution(25, 25), 1000);
  EXPECT_EQ(samples.front(), 25);
  EXPECT_EQ(samples.back(), 25);
}

TEST(LatencyDistributionTest, ZeroIsNoLatencyAtAll) {
  const auto samples = SortedSamples(LatencyDistribution(0, 0), 100);
  EXPECT_EQ(samples.back(), 0);
}

TEST(LatencyDistributionTest, ALongTailHasTheConfiguredMedianAndP99) {
  const auto samples = SortedSamples(LatencyDistribution(20, 400), 20000);
  // Generous bounds: 20,000 draws put the sample median within a few percent of the true one,
  // the p99 within about ten percent.
  EXPECT_NEAR(Percentile(samples, 0.5), 20, 2);
  EXPECT_NEAR(Percentile(samples, 0.99), 400, 60);
  // A long tail: most calls are quick, a few far slower than the median.
  EXPECT_LT(Percentile(samples, 0.25), 20);
  EXPECT_GT(samples.back(), 400);
  EXPECT_GT(samples.front(), 0);
}

TEST(LatencyDistributionTest, TheTailIsCutOffFarBeyondTheP99) {
  const auto samples = SortedSamples(LatencyDistribution(1, 1000), 20000);
  EXPECT_LE(samples.back(), 10000);
}

TEST(LatencyDistributionTest, RejectsAP99BelowTheMedianOrATailWithoutAMedian) {
  EXPECT_THROW(LatencyDistribution(100, 50), std::invalid_argument);
  EXPECT_THROW(LatencyDistribution(0, 50), std::invalid_argument);
  EXPECT_THROW(LatencyDistribution(-1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::outside_world
