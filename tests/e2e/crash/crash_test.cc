#include <gtest/gtest.h>

#include "e2e/crash/order_storm.h"

namespace sagashop::testing {
namespace {

constexpr int kOrders = 500;
constexpr int kInterruptAfter = 200;  // orders answered before the process is interrupted

// Interrupts embedded mode (`interrupt`) in the middle of 500 orders, restarts it on the same
// data folder, and lets the clients retry what got no answer under the same Idempotency-Key.
void InterruptRestartAndCheck(const std::function<void(SystemUnderTest&)>& interrupt) {
  SystemUnderTest system(Mode::kEmbedded);
  OrderStorm storm(system, kOrders);
  storm.StockProducts();
  storm.Send([&](int answered) {
    if (answered != kInterruptAfter) return false;
    interrupt(system);  // exactly one client thread sees this count
    return true;
  });
  ASSERT_GT(storm.Unanswered(), 0);
  system.Restart();
  storm.ResendAndCheck();
}

TEST(CrashTest, KilledInTheMiddleOfFiveHundredOrdersLosesNothingAfterRestart) {
  InterruptRestartAndCheck([](SystemUnderTest& system) { system.Crash(); });
}

// SIGTERM stops taking requests, lets in-flight ones and their transactions finish, and exits 0.
TEST(CrashTest, SigtermWhileOrdersFlowExitsCleanlyAndLosesNothing) {
  InterruptRestartAndCheck([](SystemUnderTest& system) { EXPECT_EQ(system.Shutdown(), 0); });
}

}  // namespace
}  // namespace sagashop::testing
