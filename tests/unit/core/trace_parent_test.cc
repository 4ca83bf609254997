#include "platform/core/trace_parent.h"

#include <gtest/gtest.h>

namespace sagashop {
namespace {

constexpr std::string_view kParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceParentTest, AcceptsTheRecommendationsExample) {
  EXPECT_TRUE(IsValidTraceParent(kParent));
  EXPECT_EQ(TraceIdOf(kParent), "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(TraceParentTest, RefusesWhatTheRecommendationForbids) {
  EXPECT_FALSE(IsValidTraceParent(""));
  EXPECT_FALSE(IsValidTraceParent("garbage"));
  EXPECT_FALSE(IsValidTraceParent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
      << "all-zero trace id";
  EXPECT_FALSE(IsValidTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
      << "all-zero span id";
  EXPECT_FALSE(IsValidTraceParent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
      << "upper-case hex";
  EXPECT_FALSE(IsValidTraceParent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
      << "version ff";
  EXPECT_FALSE(IsValidTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"))
      << "version 00 has nothing after its flags";
  EXPECT_FALSE(IsValidTraceParent("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"));
  EXPECT_EQ(TraceIdOf("00-zzf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "");
}

TEST(TraceParentTest, ReadsALaterVersionByItsFirstFields) {
  EXPECT_TRUE(IsValidTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
  EXPECT_FALSE(IsValidTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01extra"));
}

TEST(TraceParentTest, ContinuingKeepsTheTraceAndFlagsWithANewSpan) {
  const std::string child = ContinueTrace(kParent);
  ASSERT_TRUE(IsValidTraceParent(child)) << child;
  EXPECT_EQ(TraceIdOf(child), TraceIdOf(kParent));
  EXPECT_NE(child.substr(36, 16), kParent.substr(36, 16));
  EXPECT_EQ(child.substr(53), "01");
  EXPECT_EQ(ContinueTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").substr(53),
            "00")
      << "an unsampled trace stays unsampled";
}

TEST(TraceParentTest, WithoutAValidParentANewTraceBegins) {
  const std::string fresh = ContinueTrace("");
  ASSERT_TRUE(IsValidTraceParent(fresh)) << fresh;
  const std::string other = ContinueTrace("not a traceparent");
  ASSERT_TRUE(IsValidTraceParent(other)) << other;
  EXPECT_NE(TraceIdOf(fresh), TraceIdOf(other));
}

}  // namespace
}  // namespace sagashop
