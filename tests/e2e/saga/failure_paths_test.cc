#include <boost/json/parse.hpp>
#include <set>

#include "e2e/saga/order_probes.h"
#include "e2e/saga/saga_test_fixture.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

TEST_P(SagaTest, EveryFailurePathCompensatesAndSaysWhy) {
  Stock(1, 10);
  Stock(2, 1);
  SystemUnderTest& s = *system_;

  // Payment declined: nothing else happens.
  const std::int64_t declined =
      Place(s, R"({"userId":1,"productId":1,"quantity":1,"amount":2000000})");
  // Out of stock after payment: refunded.
  const std::int64_t short_stock =
      Place(s, R"({"userId":1,"productId":2,"quantity":5,"amount":1000})");
  // Unknown product after payment: refunded.
  const std::int64_t unknown =
      Place(s, R"({"userId":1,"productId":999,"quantity":1,"amount":1000})");
  // Delivery fails: stock released and payment refunded.
  const std::int64_t undeliverable = Place(
      s, R"({"userId":1,"productId":1,"quantity":3,"amount":1000,"address":"UNDELIVERABLE"})");

  const auto declined_order = FinalOrder(s, declined);
  EXPECT_EQ(declined_order.at("status").as_string(), "CANCELED");
  EXPECT_TRUE(Contains(declined_order.at("reason"), "declined"));
  const auto declined_payments = Items(s, "payment", "/payments", declined);
  ASSERT_EQ(declined_payments.size(), 1u);
  EXPECT_EQ(declined_payments[0].at("status").as_string(), "FAILED");
  EXPECT_TRUE(Items(s, "inventory", "/reservations", declined).empty());
  EXPECT_TRUE(Items(s, "delivery", "/deliveries", declined).empty());
  EXPECT_EQ(StepTypes(s, declined),
            (std::vector<std::string>{"order.created.v1", "payment.failed.v1"}));

  for (const auto& [id, reason] :
       {std::pair{short_stock, "insufficient stock"}, std::pair{unknown, "unknown product"}}) {
    const auto order = FinalOrder(s, id);
    EXPECT_EQ(order.at("status").as_string(), "CANCELED") << id;
    EXPECT_TRUE(Contains(order.at("reason"), reason)) << boost::json::serialize(order);
    const auto payments = Items(s, "payment", "/payments", id);
    ASSERT_EQ(payments.size(), 1u);
    EXPECT_EQ(payments[0].at("status").as_string(), "REFUNDED");
    EXPECT_TRUE(Items(s, "inventory", "/reservations", id).empty());
    EXPECT_TRUE(Items(s, "delivery", "/deliveries", id).empty());
    EXPECT_EQ(StepTypes(s, id),
              (std::vector<std::string>{"order.created.v1", "payment.completed.v1",
                                        "stock.reservation_failed.v1", "payment.refunded.v1"}));
  }

  const auto lost = FinalOrder(s, undeliverable);
  EXPECT_EQ(lost.at("status").as_string(), "CANCELED");
  EXPECT_TRUE(Contains(lost.at("reason"), "undeliverable"));
  const auto payments = Items(s, "payment", "/payments", undeliverable);
  ASSERT_EQ(payments.size(), 1u);
  EXPECT_EQ(payments[0].at("status").as_string(), "REFUNDED");
  const auto reservations = Items(s, "inventory", "/reservations", undeliverable);
  ASSERT_EQ(reservations.size(), 1u);
  const auto deliveries = Items(s, "delivery", "/deliveries", undeliverable);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].at("status").as_string(), "FAILED");
  // The release reaches the Order service's history too; wait for it before reading the stock.
  ASSERT_TRUE(Eventually([&] { return StepTypes(s, undeliverable).size() == 6; }))
      << StepTypes(s, undeliverable).size();
  EXPECT_EQ(Items(s, "inventory", "/reservations", undeliverable)[0].at("status").as_string(),
            "RELEASED");
  const std::vector<std::string> steps = StepTypes(s, undeliverable);
  EXPECT_EQ(std::vector<std::string>(steps.begin(), steps.begin() + 4),
            (std::vector<std::string>{"order.created.v1", "payment.completed.v1",
                                      "stock.reserved.v1", "delivery.failed.v1"}));
  // Both compensations follow the failure, in either order.
  EXPECT_EQ(std::set<std::string>(steps.begin() + 4, steps.end()),
            (std::set<std::string>{"payment.refunded.v1", "stock.released.v1"}));

  // Stock is where it was.
  for (const auto& [product, available] : {std::pair{1, 10}, std::pair{2, 1}}) {
    const auto stock = s.GetJson("inventory", "/inventory/" + std::to_string(product));
    EXPECT_EQ(stock.at("availableQuantity").as_int64(), available) << product;
    EXPECT_EQ(stock.at("reservedQuantity").as_int64(), 0) << product;
  }
  std::string report;
  EXPECT_EQ(s.Verify(&report), 0) << report;
}

TEST_P(SagaTest, MixedThreeHundredOrdersAllEndAndVerify) {
  Stock(1, 100'000);
  constexpr int kOrders = 300;
  auto client = system_->Client("order");
  for (int i = 0; i < kOrders; ++i) {
    std::string body;
    switch (i % 4) {
      case 0:
        body = R"({"userId":7,"productId":1,"quantity":1,"amount":500})";
        break;
      case 1:
        body = R"({"userId":7,"productId":1,"quantity":1,"amount":5000000})";
        break;
      case 2:
        body = R"({"userId":7,"productId":404,"quantity":1,"amount":500})";
        break;
      default:
        body = R"({"userId":7,"productId":1,"quantity":1,"amount":500,"address":"UNDELIVERABLE"})";
    }
    ASSERT_EQ(client->Send("POST", "/orders", body).status, 201);
  }
  int completed = 0;
  int canceled = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = static_cast<int>(system_->GetJson("order", "/orders?status=COMPLETED&limit=500")
                                         .at("items")
                                         .as_array()
                                         .size());
        canceled = static_cast<int>(system_->GetJson("order", "/orders?status=CANCELED&limit=500")
                                        .at("items")
                                        .as_array()
                                        .size());
        return completed + canceled == kOrders;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(200)))
      << completed << " completed, " << canceled << " canceled";
  EXPECT_EQ(completed, kOrders / 4);
  EXPECT_EQ(canceled, kOrders * 3 / 4);

  // `since` (inclusive) and `until` (exclusive) bound the orders' createdAt.
  const boost::json::array all =
      system_->GetJson("order", "/orders?limit=500").at("items").as_array();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kOrders));
  const std::string middle(all.at(kOrders / 2).at("createdAt").as_string());
  std::size_t from_middle = 0;
  for (const boost::json::value& order : all) {
    if (order.at("createdAt").as_string() >= middle) ++from_middle;
  }
  const auto listed = [&](const std::string& query) {
    return system_->GetJson("order", "/orders?limit=500&" + query).at("items").as_array().size();
  };
  EXPECT_EQ(listed("since=" + middle), from_middle);
  EXPECT_EQ(listed("until=" + middle), all.size() - from_middle);
  EXPECT_EQ(listed("since=2999-01-01T00:00:00Z"), 0u);
  EXPECT_EQ(listed("since=2000-01-01T00:00:00.5Z&until=2999-01-01T00:00:00Z&status=COMPLETED"),
            static_cast<std::size_t>(kOrders / 4));
  // Released stock flows back after the refund may already have ended the order; let it settle.
  ASSERT_TRUE(Eventually([&] {
    return system_->GetJson("inventory", "/inventory/1").at("reservedQuantity").as_int64() == 0;
  }));
  const auto stock = system_->GetJson("inventory", "/inventory/1");
  EXPECT_EQ(stock.at("availableQuantity").as_int64(), 100'000 - kOrders / 4);
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;
}

}  // namespace
}  // namespace sagashop::testing
