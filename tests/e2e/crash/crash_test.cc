#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kOrders = 500;
constexpr int kCrashAfter = 200;  // orders answered before the process is killed
constexpr int kProducts = 5;
constexpr std::int64_t kInitialStock = 10'000;

struct Intent {
  std::string key;
  std::string body;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

Intent IntentFor(int i) {
  Intent intent{
      .key = "crash-" + std::to_string(i), .product_id = 1 + i % kProducts, .quantity = 1 + i % 3};
  intent.body = boost::json::serialize(boost::json::object{{"userId", 2000 + i % 13},
                                                           {"productId", intent.product_id},
                                                           {"quantity", intent.quantity},
                                                           {"amount", 1000 + i},
                                                           {"address", "Busan"}});
  return intent;
}

// Interrupts embedded mode (`interrupt`) in the middle of 500 orders, restarts it on the same
// data folder, and lets the clients retry what got no answer under the same Idempotency-Key, as
// real clients would. Every order must end, each exactly once, and the stock must add up.
void InterruptRestartAndCheck(const std::function<void(SystemUnderTest&)>& interrupt) {
  SystemUnderTest system(Mode::kEmbedded);
  for (int product = 1; product <= kProducts; ++product) {
    const http::Response response = system.Send(
        "inventory", "PUT", "/inventory/" + std::to_string(product),
        R"({"productName":"p","availableQuantity":)" + std::to_string(kInitialStock) + "}");
    ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
  }

  std::atomic<int> answered{0};
  std::atomic<bool> crashed{false};
  std::mutex mutex;
  std::map<int, std::int64_t> order_of;  // intent -> order id
  std::set<int> unanswered;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      auto client = system.Client("order");
      for (int i = c; i < kOrders; i += 4) {
        const Intent intent = IntentFor(i);
        try {
          if (crashed) throw std::runtime_error("down");
          const http::Response response =
              client->Send("POST", "/orders", intent.body, {{"Idempotency-Key", intent.key}});
          if (response.status != 201) throw std::runtime_error(response.body);
          std::lock_guard lock(mutex);
          order_of[i] = boost::json::parse(response.body).at("orderId").as_int64();
        } catch (const std::exception&) {
          std::lock_guard lock(mutex);
          unanswered.insert(i);
        }
        if (++answered == kCrashAfter) {
          crashed = true;
          interrupt(system);
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_TRUE(crashed);
  ASSERT_FALSE(unanswered.empty());

  system.Restart();
  auto client = system.Client("order");
  for (int i : unanswered) {
    const Intent intent = IntentFor(i);
    const http::Response response =
        client->Send("POST", "/orders", intent.body, {{"Idempotency-Key", intent.key}});
    ASSERT_EQ(response.status, 201) << response.body;
    order_of[i] = boost::json::parse(response.body).at("orderId").as_int64();
  }
  ASSERT_EQ(order_of.size(), static_cast<std::size_t>(kOrders));
  std::set<std::int64_t> ids;
  for (const auto& [intent, id] : order_of) ids.insert(id);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kOrders)) << "one order per key";

  // Every saga finishes, including those the crash interrupted.
  int completed = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        const auto page =
            system.GetJson("order", "/orders?status=COMPLETED&limit=500").at("items").as_array();
        completed = static_cast<int>(page.size());
        return completed == kOrders;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(200)))
      << completed << " of " << kOrders << " completed\n"
      << system.Logs();

  // Exactly one payment, reservation and delivery each, and the stock adds up.
  std::map<std::int64_t, std::int64_t> ordered;
  for (const auto& [intent_index, id] : order_of) {
    const Intent intent = IntentFor(intent_index);
    ordered[intent.product_id] += intent.quantity;
    const std::string query = "?orderId=" + std::to_string(id);
    const auto payments = system.GetJson("payment", "/payments" + query).at("items").as_array();
    ASSERT_EQ(payments.size(), 1u) << "order " << id;
    EXPECT_EQ(payments[0].at("status").as_string(), "COMPLETED");
    const auto reservations =
        system.GetJson("inventory", "/reservations" + query).at("items").as_array();
    ASSERT_EQ(reservations.size(), 1u) << "order " << id;
    EXPECT_EQ(reservations[0].at("status").as_string(), "COMMITTED");
    const auto deliveries =
        system.GetJson("delivery", "/deliveries" + query).at("items").as_array();
    ASSERT_EQ(deliveries.size(), 1u) << "order " << id;
  }
  for (int product = 1; product <= kProducts; ++product) {
    const auto stock = system.GetJson("inventory", "/inventory/" + std::to_string(product));
    EXPECT_EQ(stock.at("availableQuantity").as_int64(), kInitialStock - ordered[product]);
    EXPECT_EQ(stock.at("reservedQuantity").as_int64(), 0);
  }
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
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
