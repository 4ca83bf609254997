#include "e2e/kafka_cluster/order_flow.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>
#include <vector>

#include "e2e/support/order_pages.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kClients = 4;
constexpr std::int64_t kPlenty = 100'000;  // product 1: every order that reaches it gets it
constexpr std::int64_t kScarce = 1;        // product 2: every order asks for more than this
constexpr std::int64_t kUnknownProduct = 999;

enum class Path { kCompleted, kDeclined, kOutOfStock, kUnknownProduct, kUndeliverable };
constexpr int kPaths = 5;

Path PathOf(int i) {
  return static_cast<Path>(i % kPaths);
}

std::string BodyOf(int i) {
  boost::json::object body{{"userId", 3000 + i % 17}, {"quantity", 1}, {"amount", 500 + i % 100}};
  body["productId"] = 1;
  body["address"] = "Daejeon";
  switch (PathOf(i)) {
    case Path::kCompleted:
      break;
    case Path::kDeclined:
      body["amount"] = 5'000'000;
      break;
    case Path::kOutOfStock:
      body["productId"] = 2;
      body["quantity"] = kScarce + 4;
      break;
    case Path::kUnknownProduct:
      body["productId"] = kUnknownProduct;
      break;
    case Path::kUndeliverable:
      body["address"] = "UNDELIVERABLE";
      break;
  }
  return boost::json::serialize(body);
}

std::size_t CountOf(SystemUnderTest& system, const std::string& status) {
  return AllOrders(system, status).size();
}

}  // namespace

void OrderFlow::StockProducts() {
  for (const auto& [product, available] : {std::pair{1, kPlenty}, std::pair{2, kScarce}}) {
    const http::Response response = system_.Send(
        "inventory", "PUT", "/inventory/" + std::to_string(product),
        R"({"productName":"p","availableQuantity":)" + std::to_string(available) + "}");
    ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
  }
}

void OrderFlow::Place() {
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c] {
      auto client = system_.Client("order");
      for (int i = c; i < orders_; i += kClients) {
        const std::string key = "flow-" + std::to_string(i);
        std::int64_t id = 0;
        // What got no answer goes again under the same key until the system answers it.
        Eventually(
            [&] {
              try {
                const http::Response response =
                    client->Send("POST", "/orders", BodyOf(i), {{"Idempotency-Key", key}});
                if (response.status != 201) return false;
                id = boost::json::parse(response.body).at("orderId").as_int64();
                return true;
              } catch (const std::exception&) {
                client = system_.Client("order");
                return false;
              }
            },
            std::chrono::seconds(120), std::chrono::milliseconds(200));
        std::lock_guard lock(mutex_);
        if (id != 0) order_of_[i] = id;
        ++answered_;
      }
    });
  }
  for (std::thread& client : clients) client.join();
}

bool OrderFlow::AllEnded(std::chrono::seconds deadline) {
  return Eventually(
      [&] {
        return CountOf(system_, "COMPLETED") + CountOf(system_, "CANCELED") ==
               static_cast<std::size_t>(orders_);
      },
      deadline, std::chrono::milliseconds(500));
}

void OrderFlow::Check() {
  ASSERT_EQ(order_of_.size(), static_cast<std::size_t>(orders_)) << "every order was answered";
  std::set<std::int64_t> ids;
  for (const auto& [i, id] : order_of_) ids.insert(id);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(orders_)) << "one order per Idempotency-Key";
  EXPECT_EQ(CountOf(system_, "COMPLETED"), static_cast<std::size_t>(orders_ / kPaths));

  // Compensations may still trail the order's end: the stock released last.
  ASSERT_TRUE(Eventually([&] { return NothingReserved(system_, 2); }, std::chrono::seconds(120),
                         std::chrono::milliseconds(500)));

  int completed = 0;
  for (const auto& [i, id] : order_of_) {
    const std::string query = "?orderId=" + std::to_string(id);
    const auto order = system_.GetJson("order", "/orders/" + std::to_string(id));
    const auto payments = system_.GetJson("payment", "/payments" + query).at("items").as_array();
    const auto reservations =
        system_.GetJson("inventory", "/reservations" + query).at("items").as_array();
    const auto deliveries =
        system_.GetJson("delivery", "/deliveries" + query).at("items").as_array();
    const Path path = PathOf(i);
    SCOPED_TRACE("order " + std::to_string(id) + " (#" + std::to_string(i) + ")");
    ASSERT_EQ(payments.size(), 1u) << "exactly one payment";
    ASSERT_EQ(reservations.size(), path == Path::kCompleted || path == Path::kUndeliverable);
    ASSERT_EQ(deliveries.size(), path == Path::kCompleted || path == Path::kUndeliverable);
    const auto& payment = payments[0].at("status").as_string();
    switch (path) {
      case Path::kCompleted:
        ++completed;
        EXPECT_EQ(order.at("status").as_string(), "COMPLETED");
        EXPECT_EQ(payment, "COMPLETED");
        EXPECT_EQ(reservations[0].at("status").as_string(), "COMMITTED");
        break;
      case Path::kDeclined:
        EXPECT_EQ(order.at("status").as_string(), "CANCELED");
        EXPECT_EQ(payment, "FAILED");
        break;
      case Path::kOutOfStock:
      case Path::kUnknownProduct:
        EXPECT_EQ(order.at("status").as_string(), "CANCELED");
        EXPECT_EQ(payment, "REFUNDED");
        break;
      case Path::kUndeliverable:
        EXPECT_EQ(order.at("status").as_string(), "CANCELED");
        EXPECT_EQ(payment, "REFUNDED");
        EXPECT_EQ(reservations[0].at("status").as_string(), "RELEASED");
        EXPECT_EQ(deliveries[0].at("status").as_string(), "FAILED");
        break;
    }
  }
  const auto plenty = system_.GetJson("inventory", "/inventory/1");
  EXPECT_EQ(plenty.at("availableQuantity").as_int64(), kPlenty - completed);
  EXPECT_EQ(plenty.at("reservedQuantity").as_int64(), 0);
  EXPECT_EQ(system_.GetJson("inventory", "/inventory/2").at("availableQuantity").as_int64(),
            kScarce);
  std::string report;
  EXPECT_EQ(system_.Verify(&report), 0) << report;
}

}  // namespace sagashop::testing
