#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "e2e/saga/saga_test_fixture.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// The simulated gateway and carrier fail 30% of their calls at random: those are outages, to be
// retried with backoff, never business failures.
class FlakyOutsideWorldTest : public ::testing::TestWithParam<Mode> {};

TEST_P(FlakyOutsideWorldTest, TransientGatewayAndCarrierErrorsAreRetriedNotFailed) {
  SystemUnderTest system(GetParam(), {"--payment-failure-rate=0.3", "--carrier-failure-rate=0.3"});
  ASSERT_EQ(system
                .Send("inventory", "PUT", "/inventory/1",
                      R"({"productName":"p","availableQuantity":1000})")
                .status,
            201);
  constexpr int kOrders = 80;
  auto client = system.Client("order");
  for (int i = 0; i < kOrders; ++i) {
    ASSERT_EQ(client
                  ->Send("POST", "/orders",
                         R"({"userId":3,"productId":1,"quantity":1,"amount":)" +
                             std::to_string(100 + i) + "}")
                  .status,
              201);
  }
  std::size_t completed = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = system.GetJson("order", "/orders?status=COMPLETED&limit=500")
                        .at("items")
                        .as_array()
                        .size();
        return completed == kOrders;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(200)))
      << completed << " of " << kOrders << " completed\n"
      << system.Logs();
  EXPECT_TRUE(system.GetJson("order", "/orders?status=CANCELED").at("items").as_array().empty());
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
}

INSTANTIATE_TEST_SUITE_P(Modes, FlakyOutsideWorldTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed), ModeParamName);

}  // namespace
}  // namespace sagashop::testing
