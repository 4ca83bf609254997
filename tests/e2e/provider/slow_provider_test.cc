#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "e2e/provider/provider_test_fixture.h"

namespace sagashop::testing {
namespace {

using std::chrono::milliseconds;

class SlowProviderTest : public ProviderTest {};

// The issue's load: a provider answering in 200 ms and a carrier in 100 ms, 300 orders at 50/s
// down every path.
TEST_P(SlowProviderTest, ThreeHundredOrdersAtFiftyPerSecondEachChargedRefundedAndShippedOnce) {
  StartBoth({"--payment-latency-ms=200", "--carrier-latency-ms=100"}, {});
  const std::map<int, std::int64_t> orders = SendAtRate(0, 300, 50);
  AwaitEveryOrderEnded(orders);
  ExpectEveryEffectOnce(orders);
}

// The provider charged, but its answer came after our deadline: the retry under the same key is
// answered with that charge, never a second one.
TEST_P(SlowProviderTest, ChargesWhoseAnswerTimedOutAreReconciledByKey) {
  StartBoth({"--payment-timeout-rate=0.3", "--payment-timeout-delay-ms=3000"},
            {"--outside-call-timeout-ms=1000"});
  const std::map<int, std::int64_t> orders = SendAtRate(0, 60, 30);
  AwaitEveryOrderEnded(orders);
  EXPECT_GT(Metric("payment", "sagashop_outside_call_attempts_total", {{"outcome", "timeout"}}), 0)
      << "no charge timed out: the test did not test the case";
  ExpectEveryEffectOnce(orders);
}

// A payment provider that is down for 20 s under load: the circuit opens, nothing is canceled or
// parked for it, the API keeps answering, and every order completes once it is back.
TEST_P(SlowProviderTest, ATwentySecondOutageCancelsNothingAndEveryOrderCompletesAfterIt) {
  StartBoth({"--payment-latency-ms=20"}, {});
  std::map<int, std::int64_t> orders;
  std::atomic<int> refused{0};
  // Ok orders only, 20 a second, until the test has seen the outage through (bounded); stopped
  // and joined however the test ends.
  std::jthread sender([&](const std::stop_token& stop) {
    auto client = system_->Client("order");
    for (int n = 3; n < 3 + 10 * 2'000 && !stop.stop_requested(); n += 10) {
      const std::int64_t id = Place(*client, n);
      if (id == 0) ++refused;
      orders[n] = id;
      std::this_thread::sleep_for(milliseconds(50));
    }
  });
  ASSERT_TRUE(Eventually([&] { return AllOrders(*system_, "COMPLETED").size() >= 20; }));
  ASSERT_EQ(provider_->Send("POST", "/v1/admin/outage/payment", R"({"seconds":20})").status, 200);

  ASSERT_TRUE(Eventually([&] {
    return Metric("payment", "sagashop_outside_call_circuit_open") == 1;
  })) << "the circuit never opened";
  // Orders placed meanwhile wait for their charge in PAYMENT_PROCESSING: Order moved them there
  // once their order.created.v1 was on the bus.
  EXPECT_TRUE(Eventually([&] { return !AllOrders(*system_, "PAYMENT_PROCESSING").empty(); }))
      << "no order waits in PAYMENT_PROCESSING while the provider is away";
  // While the provider is away, the service still answers.
  EXPECT_EQ(system_->Send("payment", "GET", "/payments?orderId=1").status, 200);
  EXPECT_EQ(system_->Send("order", "GET", "/orders?limit=1").status, 200);
  ASSERT_TRUE(
      Eventually([&] { return Metric("payment", "sagashop_outside_call_circuit_open") == 0; },
                 std::chrono::seconds(60)))
      << "the circuit never closed again";
  sender.request_stop();
  sender.join();
  EXPECT_EQ(refused.load(), 0) << "POST /orders failed during the outage";

  AwaitEveryOrderEnded(orders);
  EXPECT_TRUE(AllOrders(*system_, "CANCELED").empty()) << "an order was canceled for the outage";
  for (const std::string service : {"order", "payment", "inventory", "delivery"}) {
    EXPECT_EQ(Metric(service, "sagashop_dead_lettered_events_total"), 0) << service;
  }
  ExpectEveryEffectOnce(orders);
}

INSTANTIATE_TEST_SUITE_P(Modes, SlowProviderTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed), ProviderModeName);

}  // namespace
}  // namespace sagashop::testing
