#include <gtest/gtest.h>

#include "e2e/provider/provider_test_fixture.h"

namespace sagashop::testing {
namespace {

class PaymentCrashTest : public ProviderTest {};

// SIGKILL of the Payment service (of the whole process in embedded mode) while at least 50 charges
// are with the provider: after the restart every order ends, none is charged twice, none is
// charged without its payment row, and no refund is missing.
TEST_P(PaymentCrashTest, KilledWithFiftyChargesInFlightChargesEveryOrderOnce) {
  // A killed consumer never leaves its group: the broker notices after the session timeout,
  // until when the restarted Payment gets no partition.
  StartBoth({"--payment-latency-ms=3000"},
            {"--outside-call-timeout-ms=6000", "--kafka-consumer-prop", "session.timeout.ms=6000"});
  std::map<int, std::int64_t> orders;
  auto client = system_->Client("order");
  for (int n = 0; n < 150; ++n) orders[n] = Place(*client, n);
  const std::string in_flight = "sagashop_outside_calls_in_flight";
  ASSERT_TRUE(Eventually([&] { return Metric("payment", in_flight) >= 50; }))
      << Metric("payment", in_flight) << " charges in flight";

  if (GetParam() == Mode::kEmbedded) {
    system_->Crash();
    system_->Restart();
  } else {
    system_->KillInstance("payment");
    system_->StartInstance("payment");
  }
  AwaitEveryOrderEnded(orders, std::chrono::seconds(180));
  ExpectEveryEffectOnce(orders);
}

INSTANTIATE_TEST_SUITE_P(Modes, PaymentCrashTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed), ProviderModeName);

}  // namespace
}  // namespace sagashop::testing
