#include "platform/bus/crashing/crash_plan.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sagashop::bus {
namespace {

TEST(CrashPlanTest, ParsesEveryPointWithAndWithoutACount) {
  for (const CrashPoint point : {CrashPoint::kBeforePublish, CrashPoint::kAfterPublish,
                                 CrashPoint::kAfterConsume, CrashPoint::kMidBatch}) {
    const std::string name(NameOf(point));
    EXPECT_EQ(CrashPlan::Parse(name).point, point) << name;
    EXPECT_EQ(CrashPlan::Parse(name).nth, 1) << name;
    const CrashPlan counted = CrashPlan::Parse(name + ":17");
    EXPECT_EQ(counted.point, point);
    EXPECT_EQ(counted.nth, 17);
  }
}

TEST(CrashPlanTest, RefusesWhatItDoesNotKnowAndSaysWhy) {
  try {
    CrashPlan::Parse("after-lunch");
    FAIL() << "accepted an unknown point";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("after-lunch"), std::string::npos);
  }
  for (const char* bad : {"mid-batch:", "mid-batch:0", "mid-batch:-2", "mid-batch:3x", ""}) {
    EXPECT_THROW(CrashPlan::Parse(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace sagashop::bus
