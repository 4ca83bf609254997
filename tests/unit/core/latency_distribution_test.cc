#include "platform/core/latency_distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sagashop {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// The sampled quantile q of `distribution` from a fixed seed.
double SampledQuantileMs(const LatencyDistribution& distribution, double q) {
  std::mt19937_64 random(42);
  std::vector<double> samples;
  for (int i = 0; i < 100'000; ++i) {
    samples.push_back(static_cast<double>(distribution.Sample(random).count()) / 1000.0);
  }
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))];
}

TEST(LatencyDistributionTest, ItsMedianAndP99AreTheOnesItWasGiven) {
  const LatencyDistribution distribution(milliseconds(150), milliseconds(800));
  EXPECT_NEAR(SampledQuantileMs(distribution, 0.5), 150.0, 150.0 * 0.03);
  EXPECT_NEAR(SampledQuantileMs(distribution, 0.99), 800.0, 800.0 * 0.06);
}

TEST(LatencyDistributionTest, AP99AtTheMedianIsAConstantLatencyAndZeroIsNone) {
  std::mt19937_64 random(1);
  const LatencyDistribution constant(milliseconds(100), milliseconds(100));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(constant.Sample(random), microseconds(100'000));
  const LatencyDistribution none(milliseconds(0), milliseconds(0));
  EXPECT_EQ(none.Sample(random), microseconds(0));
}

TEST(LatencyDistributionTest, TheTailIsCutOffTenTimesBeyondTheP99) {
  const LatencyDistribution distribution(milliseconds(1), milliseconds(1000));
  std::mt19937_64 random(7);
  microseconds longest{0};
  for (int i = 0; i < 20'000; ++i) longest = std::max(longest, distribution.Sample(random));
  EXPECT_LE(longest, microseconds(10'000'000));
  EXPECT_GT(longest, microseconds(1'000'000)) << "the tail reaches past the p99";
}

TEST(LatencyDistributionTest, RejectsANegativeMedianOrAP99BelowIt) {
  EXPECT_THROW(LatencyDistribution(milliseconds(-1), milliseconds(5)), std::invalid_argument);
  EXPECT_THROW(LatencyDistribution(milliseconds(10), milliseconds(5)), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop
