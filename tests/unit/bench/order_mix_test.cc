#include "bench/order_mix.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

namespace sagashop::bench {
namespace {

TEST(OrderMixTest, ParsesWeightsAndLeavesOthersAtZero) {
  const OrderMix mix = OrderMix::Parse("ok=70,declined=10,short=20");
  EXPECT_EQ(mix.Weight(OrderPath::kOk), 70);
  EXPECT_EQ(mix.Weight(OrderPath::kDeclined), 10);
  EXPECT_EQ(mix.Weight(OrderPath::kShort), 20);
  EXPECT_EQ(mix.Weight(OrderPath::kUndeliverable), 0);
  EXPECT_EQ(mix.ToString(), "ok=70,declined=10,short=20,undeliverable=0");
}

TEST(OrderMixTest, EveryCycleCarriesTheMixExactly) {
  const OrderMix mix = OrderMix::Parse("ok=7,declined=1,short=1,undeliverable=1");
  for (int cycle = 0; cycle < 3; ++cycle) {
    std::map<OrderPath, int> seen;
    for (int i = 0; i < 10; ++i) ++seen[mix.PathOf(cycle * 10 + i)];
    EXPECT_EQ(seen[OrderPath::kOk], 7);
    EXPECT_EQ(seen[OrderPath::kDeclined], 1);
    EXPECT_EQ(seen[OrderPath::kShort], 1);
    EXPECT_EQ(seen[OrderPath::kUndeliverable], 1);
  }
}

TEST(OrderMixTest, FailuresAreSpreadNotBunched) {
  const OrderMix mix = OrderMix::Parse("ok=1,declined=1");
  for (int i = 1; i < 100; ++i) EXPECT_NE(mix.PathOf(i), mix.PathOf(i - 1)) << i;
}

TEST(OrderMixTest, RefusesWhatItCannotUse) {
  for (const char* bad : {"", "ok", "ok=x", "ok=-1", "ok=0", "fast=5", "ok=5,", "ok=1001"}) {
    EXPECT_THROW(OrderMix::Parse(bad), std::invalid_argument) << bad;
  }
}

TEST(OrderMixTest, NamesWhatEachPathShouldEndAs) {
  EXPECT_STREQ(ExpectedStatus(OrderPath::kOk), "COMPLETED");
  EXPECT_STREQ(ExpectedStatus(OrderPath::kShort), "CANCELED");
}

}  // namespace
}  // namespace sagashop::bench
