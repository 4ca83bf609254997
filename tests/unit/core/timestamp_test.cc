#include "platform/core/timestamp.h"

#include <gtest/gtest.h>

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

TEST(TimestampTest, TextOrderIsTimeOrder) {
  const SystemTime earlier = std::chrono::system_clock::now();
  const SystemTime later = earlier + std::chrono::microseconds(1);
  EXPECT_LT(FormatRfc3339(earlier), FormatRfc3339(later));
}

}  // namespace
}  // namespace sagashop
