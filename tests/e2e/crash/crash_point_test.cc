#include <gtest/gtest.h>

#include <tuple>

#include "e2e/crash/order_storm.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kOrdersPerCrashPoint = 200;

// A crash point and the arrival at which the process dies there.
struct Crash {
  const char* point;
  int nth;
};

// Each process of the system is told to kill itself (SIGKILL) at the nth arrival at one point
// between two steps (bus::CrashingEventBus). While sagas are in flight the first process to die
// is followed by a kill of all the others (a crash of everything, the worst case), and the system
// restarts on the same data without the crash point; clients resend what got no answer. Every
// order must complete exactly once.
class CrashPointTest : public ::testing::TestWithParam<std::tuple<Crash, Mode>> {};

TEST_P(CrashPointTest, TheRestartedSystemCompletesEverySagaExactlyOnce) {
  const auto& [crash, mode] = GetParam();
  const std::string plan = std::string(crash.point) + ":" + std::to_string(crash.nth);
  const std::string setting = "--crash-at=" + plan;
  std::vector<std::string> args = {setting};
  if (mode == Mode::kDistributed) {
    // Killed consumers never leave their groups; the broker notices after the session timeout,
    // and only then gives their partitions to the restarted ones. Keep that wait short.
    args.insert(args.end(), {"--kafka-consumer-prop", "session.timeout.ms=6000"});
  }
  SystemUnderTest system(mode, args);
  OrderStorm storm(system, kOrdersPerCrashPoint);
  storm.StockProducts();
  storm.Send([&](int) { return system.EndedProcesses() > 0; });
  // Orders may all be accepted before the sagas reach the point (the Order service answers at
  // once, the other services follow): the crash then hits sagas in flight.
  ASSERT_TRUE(Eventually([&] { return system.EndedProcesses() > 0; }, std::chrono::seconds(60)))
      << "no process reached " << plan << "\n"
      << system.Logs();
  EXPECT_NE(system.Logs().find("crash point " + plan + " reached"), std::string::npos)
      << system.Logs();
  system.Crash();
  system.RestartWithout(setting);
  storm.ResendAndCheck();
  if (HasFailure()) std::cerr << system.Logs();
}

std::string Name(const ::testing::TestParamInfo<std::tuple<Crash, Mode>>& info) {
  std::string name =
      std::string(std::get<0>(info.param).point) + "_" + ModeName(std::get<1>(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(
    Points, CrashPointTest,
    // Early arrivals: on Kafka a relay or consumer may handle all 200 orders in a few batches.
    ::testing::Combine(::testing::Values(Crash{"before-publish", 2}, Crash{"after-publish", 2},
                                         Crash{"after-consume", 2}, Crash{"mid-batch", 1}),
                       ::testing::Values(Mode::kEmbedded, Mode::kDistributed)),
    Name);

}  // namespace
}  // namespace sagashop::testing
