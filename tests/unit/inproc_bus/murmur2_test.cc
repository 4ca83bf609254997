#include "platform/bus/inproc/murmur2.h"

#include <gtest/gtest.h>

namespace sagashop::bus {
namespace {

// The expected values are the ones Kafka's own test of Utils.murmur2 checks, so a key maps to the
// same partition as on a Kafka cluster with the same partition count.
TEST(KafkaMurmur2, MatchesKafkasReferenceValues) {
  EXPECT_EQ(KafkaMurmur2("21"), -973932308);
  EXPECT_EQ(KafkaMurmur2("foobar"), -790332482);
  EXPECT_EQ(KafkaMurmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(KafkaMurmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(KafkaMurmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(KafkaMurmur2("abc"), 479470107);
}

TEST(PartitionOf, ClearsTheSignBitAndStaysInRange) {
  // -973932308 & 0x7fffffff = 1173551340.
  EXPECT_EQ(PartitionOf("21", 1000), 1173551340 % 1000);
  for (int key = 0; key < 1000; ++key) {
    const std::int32_t partition = PartitionOf(std::to_string(key), 4);
    EXPECT_GE(partition, 0);
    EXPECT_LT(partition, 4);
  }
  EXPECT_EQ(PartitionOf("", 1), 0);
}

}  // namespace
}  // namespace sagashop::bus
