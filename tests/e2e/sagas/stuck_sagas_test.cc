#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// A payment gateway that takes 6 s holds the saga past a 1 s deadline: it is listed as stuck while
// it waits, and leaves the list once it moves on.
TEST(StuckSagasTest, ASagaIdlePastTheDeadlineIsListedUntilItMovesOn) {
  SystemUnderTest system(Mode::kEmbedded,
                         {"--saga-stuck-after-seconds=1", "--payment-latency-ms=6000"});
  ASSERT_EQ(
      system
          .Send("inventory", "PUT", "/inventory/1", R"({"productName":"p","availableQuantity":5})")
          .status,
      201);
  const http::Response created = system.Send(
      "order", "POST", "/orders", R"({"userId":1,"productId":1,"quantity":1,"amount":10})");
  ASSERT_EQ(created.status, 201);
  const std::int64_t order_id = boost::json::parse(created.body).at("orderId").as_int64();

  auto stuck = [&] { return system.GetJson("order", "/sagas?stuck=true").at("items").as_array(); };
  ASSERT_TRUE(Eventually([&] { return stuck().size() == 1; }, std::chrono::seconds(5)));
  const auto listed = stuck().at(0).as_object();
  EXPECT_EQ(listed.at("orderId").as_int64(), order_id);
  EXPECT_NE(listed.at("status").as_string(), "COMPLETED");

  ASSERT_TRUE(Eventually([&] {
    return system.GetJson("order", "/orders/" + std::to_string(order_id)).at("status") ==
           "COMPLETED";
  }));
  EXPECT_TRUE(stuck().empty());
  EXPECT_EQ(system.Send("order", "GET", "/sagas").status, 400);
}

}  // namespace
}  // namespace sagashop::testing
