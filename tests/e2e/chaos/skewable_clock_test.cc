#include "e2e/support/skewable_clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "e2e/support/child_process.h"

namespace sagashop::testing {
namespace {

// The seconds since the epoch by the wall clock of a process started with `clock`'s environment.
long long WallClockOfAProcessOn(const SkewableClock& clock, const std::string& log) {
  std::filesystem::remove(log);
  ChildProcess date("/bin/date", {"+%s"}, log, clock.Environment());
  EXPECT_EQ(date.WaitForExit(std::chrono::seconds(30)), 0);
  std::ifstream output(log);
  long long seconds = 0;
  output >> seconds;
  return seconds;
}

long long Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The chaos run's skew-clock fault (docs/chaos.md) rests on this: a process started with the
// clock's environment sees its wall clock moved by what the test last wrote, either way.
TEST(SkewableClockTest, AProcessSeesItsWallClockMovedEitherWay) {
  ASSERT_TRUE(SkewableClock::Available())
      << "libfaketime is missing: scripts/install-deps.sh installs it";
  const std::string dir = std::string(SAGASHOP_E2E_LOG_DIR) + "/skewable-clock";
  std::filesystem::create_directories(dir);
  SkewableClock clock(dir + "/offset");
  const std::string log = dir + "/date.log";

  EXPECT_NEAR(WallClockOfAProcessOn(clock, log), Now(), 5);
  clock.Skew(std::chrono::hours(1));
  EXPECT_NEAR(WallClockOfAProcessOn(clock, log), Now() + 3600, 5);
  clock.Skew(std::chrono::seconds(-600));
  EXPECT_NEAR(WallClockOfAProcessOn(clock, log), Now() - 600, 5);
  clock.Reset();
  EXPECT_NEAR(WallClockOfAProcessOn(clock, log), Now(), 5);
}

}  // namespace
}  // namespace sagashop::testing
