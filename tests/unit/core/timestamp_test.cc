#include "platform/core/timestamp.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sagashop {
namespace {

TEST(TimestampTest, FormatsFixedWidthUtc) {
  const SystemTime time =
      SystemTime(std::chrono::seconds(1'764'034'268)) + std::chrono::microseconds(123);
  EXPECT_EQ(FormatRfc3339(time), "2025-11-25T01:31:08.000123Z");
}

TEST(TimestampTest, ReadsPostgresTextAndRoundTrips) {
  EXPECT_EQ(NormalizeTimestamp("2026-11-25 01:31:08.123456+00"), "2026-11-25T01:31:08.123456Z");
  EXPECT_EQ(NormalizeTimestamp("2026-11-25 01:31:08+00"), "2026-11-25T01:31:08.000000Z");
  EXPECT_EQ(NormalizeTimestamp("2026-11-25 01:31:08.5+00:00"), "2026-11-25T01:31:08.500000Z");
  const std::string now = NowRfc3339();
  EXPECT_EQ(NormalizeTimestamp(now), now);
}

TEST(TimestampTest, RejectsOtherZonesAndGarbage) {
  EXPECT_THROW(ParseTimestamp("2026-11-25 01:31:08+09"), std::invalid_argument);
  EXPECT_THROW(ParseTimestamp("yesterday"), std::invalid_argument);
  EXPECT_THROW(ParseTimestamp("2026-1x-25T01:31:08Z"), std::invalid_argument);
}

TEST(TimestampTest, RejectsDatesThatDoNotExist) {
  EXPECT_THROW(ParseTimestamp("0000-00-00T00:00:00Z"), std::invalid_argument);
  EXPECT_THROW(ParseTimestamp("2026-13-01T00:00:00Z"), std::invalid_argument);
  EXPECT_THROW(ParseTimestamp("2026-02-29T00:00:00Z"), std::invalid_argument);
  EXPECT_THROW(ParseTimestamp("2026-11-25T24:00:00Z"), std::invalid_argument);
  EXPECT_THROW(ParseTimestamp("2026-11-25T01:31:08.Z"), std::invalid_argument);
  EXPECT_EQ(NormalizeTimestamp("2028-02-29T23:59:59Z"), "2028-02-29T23:59:59.000000Z");
}

TEST(TimestampTest, RefusesTimesBeyondWhatSystemTimeHolds) {
  // SystemTime counts nanoseconds in 64 bits; a later year would wrap around, not fail.
  EXPECT_THROW(ParseTimestamp("2999-01-01T00:00:00Z"), std::out_of_range);
  EXPECT_THROW(ParseTimestamp("0001-01-01T00:00:00Z"), std::out_of_range);
  EXPECT_EQ(NormalizeTimestamp("2262-01-01T00:00:00Z"), "2262-01-01T00:00:00.000000Z");
}

TEST(TimestampTest, ABoundBeyondSystemTimeBecomesItsEarliestOrLatest) {
  const std::string latest = NormalizeTimestampBound("9999-12-31T23:59:59Z");
  const std::string earliest = NormalizeTimestampBound("0000-01-01T00:00:00Z");
  EXPECT_EQ(latest.substr(0, 10), "2262-04-11");
  EXPECT_EQ(earliest.substr(0, 10), "1677-09-21");
  EXPECT_GT(latest, NowRfc3339());
  EXPECT_LT(earliest, "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(NormalizeTimestampBound("2026-11-25T01:31:08Z"), "2026-11-25T01:31:08.000000Z");
  EXPECT_THROW(NormalizeTimestampBound("2026-02-30T00:00:00Z"), std::invalid_argument);
}

TEST(TimestampTest, TextOrderIsTimeOrder) {
  const SystemTime earlier = std::chrono::system_clock::now();
  const SystemTime later = earlier + std::chrono::microseconds(1);
  EXPECT_LT(FormatRfc3339(earlier), FormatRfc3339(later));
}

}  // namespace
}  // namespace sagashop
