#include <gtest/gtest.h>

#include "e2e/provider/provider_test_fixture.h"

namespace sagashop::testing {
namespace {

class AdmissionTest : public ProviderTest {
 protected:
  static constexpr int kMaxInFlight = 5;

  void SetProviderOutage(int seconds) {
    ASSERT_EQ(provider_
                  ->Send("POST", "/v1/admin/outage/payment",
                         R"({"seconds":)" + std::to_string(seconds) + "}")
                  .status,
              200);
  }
};

// While the payment provider is away, sagas wait for their charge and the bound fills. The next
// order is refused with 503 and Retry-After before anything is written; a retry of an order made
// already is still answered with its order. Once the provider is back the sagas finish, and the
// refused order is taken when it is sent again.
TEST_P(AdmissionTest, AFullSystemRefusesNewOrdersUntilItsSagasFinish) {
  // Short backoffs: the charges tried during the outage are tried again soon after it.
  StartBoth({}, {"--max-sagas-in-flight=" + std::to_string(kMaxInFlight),
                 "--outside-call-retry-backoff-max-ms=1000"});
  SetProviderOutage(600);
  auto client = system_->Client("order");
  std::map<int, std::int64_t> orders;
  // Intents 3, 13, 23, ... all take the ok path.
  for (int i = 0; i < kMaxInFlight; ++i) orders[3 + 10 * i] = Place(*client, 3 + 10 * i);
  const int refused_intent = 3 + 10 * kMaxInFlight;

  const http::Response refused =
      client->Send("POST", "/orders", BodyFor(refused_intent),
                   {{"Idempotency-Key", "intent-" + std::to_string(refused_intent)}});
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.Header("Retry-After").value_or("<absent>"), "1");
  EXPECT_EQ(refused.content_type, "application/problem+json");
  const boost::json::object problem = boost::json::parse(refused.body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), 503);
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("--max-sagas-in-flight"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(AllOrders(*system_).size(), static_cast<std::size_t>(kMaxInFlight))
      << "the refused request wrote an order";

  // A client retrying an order it made gets that order, not a refusal.
  const http::Response replayed =
      client->Send("POST", "/orders", BodyFor(3), {{"Idempotency-Key", "intent-3"}});
  ASSERT_EQ(replayed.status, 201) << replayed.body;
  EXPECT_EQ(boost::json::parse(replayed.body).at("orderId").as_int64(), orders[3]);
  EXPECT_EQ(replayed.Header("Idempotent-Replayed").value_or("<absent>"), "true");

  EXPECT_EQ(Metric("order", "sagashop_orders_refused_total"), 1);
  EXPECT_EQ(Metric("order", "sagashop_sagas_in_flight"), kMaxInFlight);

  SetProviderOutage(0);
  AwaitEveryOrderEnded(orders);
  EXPECT_TRUE(Eventually([&] { return Metric("order", "sagashop_sagas_in_flight") == 0; }));
  orders[refused_intent] = Place(*client, refused_intent);
  AwaitEveryOrderEnded(orders);
  ExpectEveryEffectOnce(orders);
  EXPECT_EQ(Metric("order", "sagashop_orders_refused_total"), 1);
}

INSTANTIATE_TEST_SUITE_P(Modes, AdmissionTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed), ProviderModeName);

}  // namespace
}  // namespace sagashop::testing
