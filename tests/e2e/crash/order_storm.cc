#include "e2e/crash/order_storm.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>
#include <vector>

#include "e2e/support/order_pages.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kProducts = 5;
constexpr std::int64_t kInitialStock = 10'000;
constexpr int kClients = 4;

struct Intent {
  std::string key;
  std::string body;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

Intent IntentFor(int i) {
  Intent intent{
      .key = "storm-" + std::to_string(i), .product_id = 1 + i % kProducts, .quantity = 1 + i % 3};
  intent.body = boost::json::serialize(boost::json::object{{"userId", 2000 + i % 13},
                                                           {"productId", intent.product_id},
                                                           {"quantity", intent.quantity},
                                                           {"amount", 1000 + i},
                                                           {"address", "Busan"}});
  return intent;
}

}  // namespace

void OrderStorm::StockProducts() {
  for (int product = 1; product <= kProducts; ++product) {
    const http::Response response = system_.Send(
        "inventory", "PUT", "/inventory/" + std::to_string(product),
        R"({"productName":"p","availableQuantity":)" + std::to_string(kInitialStock) + "}");
    ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
  }
}

void OrderStorm::Send(const std::function<bool(int answered)>& interrupted) {
  std::atomic<int> answered{0};
  std::atomic<bool> down{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client = system_.Client("order");
      for (int i = c; i < orders_; i += kClients) {
        const Intent intent = IntentFor(i);
        try {
          if (down) throw std::runtime_error("down");
          const http::Response response =
              client->Send("POST", "/orders", intent.body, {{"Idempotency-Key", intent.key}});
          if (response.status != 201) throw std::runtime_error(response.body);
          std::lock_guard lock(mutex_);
          order_of_[i] = boost::json::parse(response.body).at("orderId").as_int64();
        } catch (const std::exception&) {
          std::lock_guard lock(mutex_);
          unanswered_.insert(i);
        }
        if (!down && interrupted(++answered)) down = true;
      }
    });
  }
  for (std::thread& client : clients) client.join();
}

void OrderStorm::ResendAndCheck() {
  auto client = system_.Client("order");
  for (int i : unanswered_) {
    const Intent intent = IntentFor(i);
    const http::Response response =
        client->Send("POST", "/orders", intent.body, {{"Idempotency-Key", intent.key}});
    ASSERT_EQ(response.status, 201) << response.body;
    order_of_[i] = boost::json::parse(response.body).at("orderId").as_int64();
  }
  ASSERT_EQ(order_of_.size(), static_cast<std::size_t>(orders_));
  std::set<std::int64_t> ids;
  for (const auto& [intent, id] : order_of_) ids.insert(id);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(orders_)) << "one order per key";

  // Every saga finishes, including those the interruption cut short.
  int completed = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = static_cast<int>(system_.GetJson("order", "/orders?status=COMPLETED&limit=500")
                                         .at("items")
                                         .as_array()
                                         .size());
        return completed == orders_;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(200)))
      << completed << " of " << orders_ << " completed\n"
      << system_.Logs();

  ASSERT_TRUE(Eventually([&] { return NothingReserved(system_, kProducts); }));

  // Exactly one payment, reservation and delivery each, and the stock adds up.
  std::map<std::int64_t, std::int64_t> ordered;
  for (const auto& [intent_index, id] : order_of_) {
    const Intent intent = IntentFor(intent_index);
    ordered[intent.product_id] += intent.quantity;
    const std::string query = "?orderId=" + std::to_string(id);
    const auto payments = system_.GetJson("payment", "/payments" + query).at("items").as_array();
    ASSERT_EQ(payments.size(), 1u) << "order " << id;
    EXPECT_EQ(payments[0].at("status").as_string(), "COMPLETED");
    const auto reservations =
        system_.GetJson("inventory", "/reservations" + query).at("items").as_array();
    ASSERT_EQ(reservations.size(), 1u) << "order " << id;
    EXPECT_EQ(reservations[0].at("status").as_string(), "COMMITTED");
    const auto deliveries =
        system_.GetJson("delivery", "/deliveries" + query).at("items").as_array();
    ASSERT_EQ(deliveries.size(), 1u) << "order " << id;
  }
  for (int product = 1; product <= kProducts; ++product) {
    const auto stock = system_.GetJson("inventory", "/inventory/" + std::to_string(product));
    EXPECT_EQ(stock.at("availableQuantity").as_int64(), kInitialStock - ordered[product]);
    EXPECT_EQ(stock.at("reservedQuantity").as_int64(), 0);
  }
  std::string report;
  EXPECT_EQ(system_.Verify(&report), 0) << report;
}

}  // namespace sagashop::testing
