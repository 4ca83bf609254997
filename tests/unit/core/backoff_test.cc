#include "platform/core/backoff.h"

#include <gtest/gtest.h>

#include <set>

namespace sagashop {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, CeilingDoublesFromInitialUpToMax) {
  const Backoff backoff(milliseconds(100), milliseconds(1000));
  EXPECT_EQ(backoff.Ceiling(0), milliseconds(100));
  EXPECT_EQ(backoff.Ceiling(1), milliseconds(200));
  EXPECT_EQ(backoff.Ceiling(2), milliseconds(400));
  EXPECT_EQ(backoff.Ceiling(3), milliseconds(800));
  EXPECT_EQ(backoff.Ceiling(4), milliseconds(1000));
  EXPECT_EQ(backoff.Ceiling(1000), milliseconds(1000));  // no overflow however long it fails
}

TEST(BackoffTest, EveryWaitIsBetweenHalfItsCeilingAndTheCeiling) {
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    Backoff backoff(milliseconds(100), milliseconds(5000), seed);
    for (int attempt = 0; attempt < 12; ++attempt) {
      const milliseconds ceiling = backoff.Ceiling(attempt);
      const milliseconds wait = backoff.Next();
      EXPECT_GE(wait, ceiling / 2) << "seed " << seed << " attempt " << attempt;
      EXPECT_LE(wait, ceiling) << "seed " << seed << " attempt " << attempt;
    }
    EXPECT_EQ(backoff.Attempts(), 12);
  }
}

TEST(BackoffTest, WaitsAreJitteredSoRetriersSpreadOut) {
  // Two hundred instances failing at once: their first retries must not all land together.
  std::set<long long> first_waits;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    first_waits.insert(Backoff(milliseconds(100), milliseconds(5000), seed).Next().count());
  }
  EXPECT_GT(first_waits.size(), 20u);
}

TEST(BackoffTest, ResetStartsOverFromTheInitialWait) {
  Backoff backoff(milliseconds(100), milliseconds(5000), 7);
  for (int i = 0; i < 6; ++i) backoff.Next();
  backoff.Reset();
  EXPECT_EQ(backoff.Attempts(), 0);
  EXPECT_LE(backoff.Next(), milliseconds(100));
}

TEST(BackoffTest, SameSeedSameWaits) {
  Backoff first(milliseconds(10), milliseconds(1000), 42);
  Backoff second(milliseconds(10), milliseconds(1000), 42);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(first.Next(), second.Next());
}

}  // namespace
}  // namespace sagashop
