#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "e2e/support/order_pages.h"
#include "e2e/support/replicated_pg.h"
#include "e2e/support/system_under_test.h"
#include "platform/core/timestamp.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kOrders = 500;
constexpr int kClients = 4;
// Orders answered before the primary dies: the rest are sent through the fail-over and after it.
constexpr int kKillAfter = 150;
constexpr std::int64_t kStock = 100'000;
constexpr std::int64_t kShortStock = 1;

// Every path of the saga, as the saga suite places them (tests/e2e/saga).
enum class Path { kCompleted, kDeclined, kShortStock, kUnknownProduct, kUndeliverable };

struct Intent {
  std::string key;
  std::string body;
  Path path = Path::kCompleted;
  std::int64_t quantity = 0;  // of product 1, on the paths that order it
};

Intent IntentFor(int i) {
  Intent intent{.key = "failover-" + std::to_string(i),
                .path = static_cast<Path>(i % 5),
                .quantity = 1 + i % 3};
  boost::json::object body{{"userId", 3000 + i % 11},
                           {"productId", 1},
                           {"quantity", intent.quantity},
                           {"amount", 1000 + i},
                           {"address", "Daegu"}};
  switch (intent.path) {
    case Path::kDeclined:
      body["amount"] = 5'000'000;
      break;
    case Path::kShortStock:
      body["productId"] = 2;
      body["quantity"] = kShortStock + 4;
      break;
    case Path::kUnknownProduct:
      body["productId"] = 404;
      break;
    case Path::kUndeliverable:
      body["address"] = "UNDELIVERABLE";
      break;
    case Path::kCompleted:
      break;
  }
  intent.body = boost::json::serialize(body);
  return intent;
}

double SecondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Services on a PostgreSQL primary with a synchronous standby, both named in their --pg-uri with
// target_session_attrs=read-write; Kafka and Redis are the shared stack's.
class PgFailoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pg_ = std::make_unique<ReplicatedPg>();
    // SystemUnderTest makes its databases on, and points the services at, the server this names.
    ::setenv("SAGASHOP_TEST_PG_URI", pg_->AdminUri().c_str(), 1);
    system_ = std::make_unique<SystemUnderTest>(Mode::kDistributed);
  }

  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
    pg_.reset();
  }

  void Stock(int product, std::int64_t available) {
    const http::Response response = system_->Send(
        "inventory", "PUT", "/inventory/" + std::to_string(product),
        R"({"productName":"p","availableQuantity":)" + std::to_string(available) + "}");
    ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
  }

  // Places every intent from kClients clients as a real client would: what gets no 201 (the
  // service answered 5xx, or the connection broke) is sent again under the same Idempotency-Key
  // until it is accepted, or until all clients give up together.
  void PlaceAll() {
    give_up_at_ = Clock::now() + std::chrono::minutes(5);
    std::vector<std::thread> clients;
    clients.reserve(kClients);
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([this, c] {
        auto client = system_->Client("order");
        for (int i = c; i < kOrders; i += kClients) PlaceOne(client, IntentFor(i), i);
      });
    }
    for (std::thread& client : clients) client.join();
  }

  void PlaceOne(std::unique_ptr<http::HttpClient>& client, const Intent& intent, int index) {
    std::string last = "not sent: the clients gave up";
    while (Clock::now() < give_up_at_) {
      try {
        const http::Response response =
            client->Send("POST", "/orders", intent.body, {{"Idempotency-Key", intent.key}});
        if (response.status == 201) {
          const std::lock_guard lock(mutex_);
          order_of_[index] = boost::json::parse(response.body).at("orderId").as_int64();
          ++answered_;
          return;
        }
        last = std::to_string(response.status) + " " + response.body;
        if (response.status < 500) break;  // the request itself is wrong: retrying won't help
      } catch (const std::exception& error) {
        last = error.what();
        client = system_->Client("order");  // a new connection
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const std::lock_guard lock(mutex_);
    refused_[index] = last;
  }

  // GET /ready of the Order service: its status and the database check's status.
  std::pair<int, std::string> OrderReadiness() {
    try {
      const http::Response response = system_->Client("order")->Send("GET", "/ready");
      const boost::json::value body = boost::json::parse(response.body);
      return {response.status,
              std::string(body.at("checks").at("database").at("status").as_string())};
    } catch (const std::exception& error) {
      return {0, error.what()};
    }
  }

  std::unique_ptr<ReplicatedPg> pg_;
  std::unique_ptr<SystemUnderTest> system_;
  std::mutex mutex_;
  std::map<int, std::int64_t> order_of_;  // intent -> order id
  std::map<int, std::string> refused_;    // intent -> the last answer, never accepted
  std::atomic<int> answered_{0};
  Clock::time_point give_up_at_;
};

TEST_F(PgFailoverTest, PrimaryKilledAndStandbyPromotedWhileOrdersFlowLosesAndDuplicatesNothing) {
  Stock(1, kStock);
  Stock(2, kShortStock);
  ASSERT_EQ(OrderReadiness(), (std::pair<int, std::string>{200, "UP"}));

  const auto started = Clock::now();
  std::thread placing([this] { PlaceAll(); });

  // The fail-over, in the middle of the flow. Assertions here must not leave `placing` running.
  const bool reached = Eventually([&] { return answered_ >= kKillAfter; }, std::chrono::minutes(3),
                                  std::chrono::milliseconds(10));
  EXPECT_TRUE(reached) << answered_ << " orders answered";
  const auto killed = Clock::now();
  const std::string killed_at = NowRfc3339();
  Clock::time_point kill_returned;
  std::string kill_returned_at;
  Clock::time_point promoting;
  Clock::time_point promoted;
  std::string promoted_at;
  std::string failover_error;
  try {
    pg_->KillPrimary();
    kill_returned = Clock::now();
    kill_returned_at = NowRfc3339();
    // No server takes writes now (the standby is read-only): /ready says the database is down.
    std::pair<int, std::string> ready;
    EXPECT_TRUE(Eventually(
        [&] {
          ready = OrderReadiness();
          return ready == std::pair<int, std::string>{503, "DOWN"};
        },
        std::chrono::seconds(60), std::chrono::milliseconds(50)))
        << "last /ready: " << ready.first << " " << ready.second;
    promoting = Clock::now();
    pg_->Promote();
    promoted = Clock::now();
    promoted_at = NowRfc3339();
  } catch (const std::exception& error) {
    failover_error = error.what();
  }
  placing.join();
  ASSERT_TRUE(failover_error.empty()) << failover_error;

  ASSERT_TRUE(refused_.empty()) << refused_.size() << " intents never accepted, e.g. "
                                << refused_.begin()->second;
  ASSERT_EQ(order_of_.size(), static_cast<std::size_t>(kOrders));
  std::set<std::int64_t> ids;
  for (const auto& [intent, id] : order_of_) ids.insert(id);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kOrders)) << "one order per key";

  // Every saga ends, including those the fail-over cut short.
  std::size_t final_orders = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        final_orders =
            AllOrders(*system_, "COMPLETED").size() + AllOrders(*system_, "CANCELED").size();
        return final_orders == static_cast<std::size_t>(kOrders);
      },
      std::chrono::minutes(3), std::chrono::milliseconds(200)))
      << final_orders << " of " << kOrders << " orders ended\n";
  const auto all_ended = Clock::now();
  ASSERT_TRUE(Eventually([&] { return NothingReserved(*system_, 2); }));
  EXPECT_EQ(OrderReadiness(), (std::pair<int, std::string>{200, "UP"}));

  // Each order took its path exactly once: one payment, reservation and delivery where the path
  // makes them, none where it does not.
  std::int64_t sold = 0;
  for (const auto& [index, id] : order_of_) {
    const Intent intent = IntentFor(index);
    const std::string query = "?orderId=" + std::to_string(id);
    const auto order = system_->GetJson("order", "/orders/" + std::to_string(id));
    const auto payments = system_->GetJson("payment", "/payments" + query).at("items").as_array();
    const auto reservations =
        system_->GetJson("inventory", "/reservations" + query).at("items").as_array();
    const auto deliveries =
        system_->GetJson("delivery", "/deliveries" + query).at("items").as_array();
    ASSERT_EQ(payments.size(), 1u) << "order " << id;
    const bool completes = intent.path == Path::kCompleted;
    EXPECT_EQ(order.at("status").as_string(), completes ? "COMPLETED" : "CANCELED") << id;
    switch (intent.path) {
      case Path::kCompleted:
        sold += intent.quantity;
        EXPECT_EQ(payments[0].at("status").as_string(), "COMPLETED") << id;
        ASSERT_EQ(reservations.size(), 1u) << id;
        EXPECT_EQ(reservations[0].at("status").as_string(), "COMMITTED") << id;
        EXPECT_EQ(deliveries.size(), 1u) << id;
        break;
      case Path::kDeclined:
        EXPECT_EQ(payments[0].at("status").as_string(), "FAILED") << id;
        EXPECT_TRUE(reservations.empty()) << id;
        EXPECT_TRUE(deliveries.empty()) << id;
        break;
      case Path::kShortStock:
      case Path::kUnknownProduct:
        EXPECT_EQ(payments[0].at("status").as_string(), "REFUNDED") << id;
        EXPECT_TRUE(reservations.empty()) << id;
        EXPECT_TRUE(deliveries.empty()) << id;
        break;
      case Path::kUndeliverable:
        EXPECT_EQ(payments[0].at("status").as_string(), "REFUNDED") << id;
        ASSERT_EQ(reservations.size(), 1u) << id;
        EXPECT_EQ(reservations[0].at("status").as_string(), "RELEASED") << id;
        ASSERT_EQ(deliveries.size(), 1u) << id;
        EXPECT_EQ(deliveries[0].at("status").as_string(), "FAILED") << id;
        break;
    }
  }
  const auto product = system_->GetJson("inventory", "/inventory/1");
  EXPECT_EQ(product.at("availableQuantity").as_int64(), kStock - sold);
  const auto short_product = system_->GetJson("inventory", "/inventory/2");
  EXPECT_EQ(short_product.at("availableQuantity").as_int64(), kShortStock);
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;

  // What the fail-over cost: the first order completed after the primary died (the orders'
  // updatedAt, written by the services at completion; nothing commits while no primary runs).
  std::string first_completed_after_kill;
  for (const auto& order : AllOrders(*system_, "COMPLETED")) {
    const std::string updated(order.at("updatedAt").as_string());
    if (updated > killed_at &&
        (first_completed_after_kill.empty() || updated < first_completed_after_kill)) {
      first_completed_after_kill = updated;
    }
  }
  ASSERT_FALSE(first_completed_after_kill.empty()) << "orders complete after the fail-over";
  const auto seconds_until_completion = [&](const std::string& from) {
    return std::chrono::duration<double>(ParseTimestamp(first_completed_after_kill) -
                                         ParseTimestamp(from))
        .count();
  };
  const double kill_to_completion = seconds_until_completion(killed_at);
  // The primary died while the kill command ran: the time from its start is an upper bound, the
  // time from its end a lower one (on a loaded machine the command itself takes seconds).
  std::cout << "fail-over: killed the primary after " << kKillAfter << " orders were accepted; "
            << "the kill command took " << SecondsBetween(killed, kill_returned)
            << " s; /ready said DOWN " << SecondsBetween(killed, promoting)
            << " s after it began; the promotion took " << SecondsBetween(promoting, promoted)
            << " s; the first order completed " << kill_to_completion << " s after the kill began ("
            << seconds_until_completion(kill_returned_at) << " s after it returned), "
            << seconds_until_completion(promoted_at) << " s after the promotion; " << kOrders
            << " orders ended " << SecondsBetween(started, all_ended)
            << " s after the first was sent\n";
  RecordProperty("kill_to_first_completion_ms", static_cast<int>(kill_to_completion * 1000));
  RecordProperty("orders_run_ms", static_cast<int>(SecondsBetween(started, all_ended) * 1000));
}

}  // namespace
}  // namespace sagashop::testing
