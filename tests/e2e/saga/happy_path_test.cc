#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/saga/saga_test_fixture.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

struct PlacedOrder {
  std::int64_t id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::int64_t amount = 0;
};

constexpr int kOrders = 100;
constexpr int kProducts = 5;
constexpr std::int64_t kInitialStock = 1000;

TEST_P(SagaTest, HundredOrdersCompleteWithOnePaymentReservationAndDeliveryEach) {
  for (int product = 1; product <= kProducts; ++product) Stock(product, kInitialStock);

  // Four clients place the orders concurrently, for several users and products.
  std::vector<PlacedOrder> orders;
  std::mutex orders_mutex;
  std::vector<std::thread> clients;
  for (int client_index = 0; client_index < 4; ++client_index) {
    clients.emplace_back([&, client_index] {
      auto client = system_->Client("order");
      for (int i = client_index; i < kOrders; i += 4) {
        PlacedOrder order{
            .product_id = 1 + i % kProducts, .quantity = 1 + i % 3, .amount = 10'000 + i * 100};
        const boost::json::object body{{"userId", 1001 + i % 10},
                                       {"productId", order.product_id},
                                       {"quantity", order.quantity},
                                       {"amount", order.amount},
                                       {"address", "Seoul " + std::to_string(i)},
                                       {"paymentMethod", "CARD"}};
        const http::Response response =
            client->Send("POST", "/orders", boost::json::serialize(body));
        ASSERT_EQ(response.status, 201) << response.body;
        const auto created = boost::json::parse(response.body).as_object();
        EXPECT_EQ(created.at("status").as_string(), "PENDING");
        EXPECT_FALSE(created.at("sagaId").as_string().empty());
        order.id = created.at("orderId").as_int64();
        EXPECT_EQ(response.Header("Location"), "/orders/" + std::to_string(order.id));
        std::lock_guard lock(orders_mutex);
        orders.push_back(order);
      }
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_EQ(orders.size(), static_cast<std::size_t>(kOrders));

  // Every saga completes.
  std::map<std::string, int> statuses;
  const bool all_completed = Eventually(
      [&] {
        statuses.clear();
        for (const PlacedOrder& order : orders) {
          const auto json = system_->GetJson("order", "/orders/" + std::to_string(order.id));
          ++statuses[std::string(json.at("status").as_string())];
        }
        return statuses["COMPLETED"] == kOrders;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(250));
  ASSERT_TRUE(all_completed) << "COMPLETED: " << statuses["COMPLETED"]
                             << ", PENDING: " << statuses["PENDING"]
                             << ", PAYMENT_PROCESSING: " << statuses["PAYMENT_PROCESSING"]
                             << ", STOCK_RESERVING: " << statuses["STOCK_RESERVING"]
                             << ", DELIVERY_PREPARING: " << statuses["DELIVERY_PREPARING"];

  // Exactly one payment, one reservation and one delivery per order, each in its final state.
  std::map<std::int64_t, std::int64_t> ordered_per_product;
  for (const PlacedOrder& order : orders) {
    const std::string query = "?orderId=" + std::to_string(order.id);
    const auto payments = system_->GetJson("payment", "/payments" + query).at("items").as_array();
    ASSERT_EQ(payments.size(), 1u) << "order " << order.id;
    EXPECT_EQ(payments[0].at("status").as_string(), "COMPLETED");
    EXPECT_EQ(payments[0].at("amount").as_int64(), order.amount);

    const auto reservations =
        system_->GetJson("inventory", "/reservations" + query).at("items").as_array();
    ASSERT_EQ(reservations.size(), 1u) << "order " << order.id;
    EXPECT_EQ(reservations[0].at("status").as_string(), "COMMITTED");
    EXPECT_EQ(reservations[0].at("quantity").as_int64(), order.quantity);
    EXPECT_EQ(reservations[0].at("productId").as_int64(), order.product_id);

    const auto deliveries =
        system_->GetJson("delivery", "/deliveries" + query).at("items").as_array();
    ASSERT_EQ(deliveries.size(), 1u) << "order " << order.id;
    EXPECT_EQ(deliveries[0].at("status").as_string(), "STARTED");
    EXPECT_FALSE(deliveries[0].at("trackingNumber").as_string().empty());

    ordered_per_product[order.product_id] += order.quantity;
  }

  // Stock adds up: what was ordered left the shelves, nothing is still held.
  for (int product = 1; product <= kProducts; ++product) {
    const auto stock = system_->GetJson("inventory", "/inventory/" + std::to_string(product));
    EXPECT_EQ(stock.at("availableQuantity").as_int64(),
              kInitialStock - ordered_per_product[product])
        << "product " << product;
    EXPECT_EQ(stock.at("reservedQuantity").as_int64(), 0) << "product " << product;
  }

  // The saga's history shows each step, by the service that took it, in causal order.
  const auto saga =
      system_->GetJson("order", "/orders/" + std::to_string(orders.front().id) + "/saga")
          .as_object();
  EXPECT_EQ(saga.at("status").as_string(), "COMPLETED");
  EXPECT_EQ(saga.at("currentStep").as_string(), "delivery.started.v1");
  std::vector<std::string> types;
  std::map<std::string, std::string> services;
  for (const auto& step : saga.at("steps").as_array()) {
    types.emplace_back(step.at("eventType").as_string());
    services[types.back()] = std::string(step.at("service").as_string());
  }
  const std::vector<std::string> expected = {"order.created.v1", "payment.completed.v1",
                                             "stock.reserved.v1", "delivery.started.v1"};
  EXPECT_EQ(types, expected);
  EXPECT_EQ(services["payment.completed.v1"], "payment");
  EXPECT_EQ(services["stock.reserved.v1"], "inventory");
  EXPECT_EQ(services["delivery.started.v1"], "delivery");

  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;
}

}  // namespace
}  // namespace sagashop::testing
