#include "platform/inbox/dead_letter.h"

#include <gtest/gtest.h>

namespace sagashop::inbox {
namespace {

TEST(DeadLetterTest, NamesAreServiceAndId) {
  EXPECT_EQ((DeadLetter{.id = 3, .consumer = "order"}).Name(), "order-3");
  const auto parsed = ParseDeadLetterName("inventory-12");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->consumer, "inventory");
  EXPECT_EQ(parsed->id, 12);
}

TEST(DeadLetterTest, OtherNamesAreRefused) {
  for (const char* name : {"", "order", "order-", "-3", "order-0", "order--1", "order-3x",
                           "order-99999999999999999999"}) {
    EXPECT_FALSE(ParseDeadLetterName(name)) << name;
  }
}

TEST(DeadLetterTest, StatusesRoundTrip) {
  for (const DeadLetterStatus status :
       {DeadLetterStatus::kParked, DeadLetterStatus::kReplayRequested,
        DeadLetterStatus::kReplayed}) {
    EXPECT_EQ(ParseDeadLetterStatus(ToString(status)), status);
  }
  EXPECT_FALSE(ParseDeadLetterStatus("parked"));
}

}  // namespace
}  // namespace sagashop::inbox
