#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "e2e/support/order_pages.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kOrders = 1000;
constexpr int kClients = 8;
constexpr int kKillAfter = 300;     // orders accepted before one instance of each service dies
constexpr int kRestartAfter = 700;  // ... and before they come back
constexpr int kProducts = 4;

// The instance whose outbox relay is the active one (it says so in its log).
std::string RelayHolder(SystemUnderTest& system, const std::string& service) {
  const std::string line = "outbox relay of " + service + " is active";
  for (const std::string& instance : {service, service + "#2"}) {
    if (system.LogOf(instance).find(line) != std::string::npos) return instance;
  }
  return "";
}

// Two instances of every service on one Kafka (4 partitions a topic) and PostgreSQL. While 1,000
// orders flow, the instance of each service that runs the active outbox relay is killed
// (SIGKILL) and later started again: its partitions move to the survivor, the standby relay takes
// over, and every order still completes exactly once.
TEST(ScaleOutTest, KillingOneInstanceOfEveryServiceLosesNoOrder) {
  // Killed consumers stay in their groups until the session times out; keep that short.
  SystemUnderTest system(Mode::kDistributed, {"--kafka-consumer-prop", "session.timeout.ms=6000"},
                         {{"order", 2}, {"payment", 2}, {"inventory", 2}, {"delivery", 2}});
  for (int product = 1; product <= kProducts; ++product) {
    ASSERT_EQ(system
                  .Send("inventory", "PUT", "/inventory/" + std::to_string(product),
                        R"({"productName":"p","availableQuantity":100000})")
                  .status,
              201);
  }
  std::map<std::string, std::string> relay_of;  // service -> instance holding its relay
  for (const std::string& service : SystemUnderTest::Services()) {
    ASSERT_TRUE(Eventually([&] { return !RelayHolder(system, service).empty(); }));
    relay_of[service] = RelayHolder(system, service);
  }

  std::mutex mutex;
  std::map<int, std::int64_t> order_of;
  std::atomic<int> accepted{0};
  std::atomic<bool> killed{false};
  std::atomic<bool> restarted{false};
  const std::uint16_t order_ports[] = {system.InstancePort("order"),
                                       system.InstancePort("order#2")};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = c; i < kOrders; i += kClients) {
        const std::string body = R"({"userId":)" + std::to_string(300 + i % 17) +
                                 R"(,"productId":)" + std::to_string(1 + i % kProducts) +
                                 R"(,"quantity":1,"amount":900})";
        // A client that loses its instance sends again, to the other one, under the same key.
        for (int attempt = 0;; ++attempt) {
          ASSERT_LT(attempt, 200) << "order " << i << " never accepted";
          try {
            http::HttpClient client("127.0.0.1", order_ports[(i + attempt) % 2],
                                    std::chrono::seconds(5), system.Tls());
            client.SetDefaultHeaders(system.AuthHeaders());
            const http::Response response = client.Send(
                "POST", "/orders", body, {{"Idempotency-Key", "scale-" + std::to_string(i)}});
            if (response.status == 201) {
              std::lock_guard lock(mutex);
              order_of[i] = boost::json::parse(response.body).at("orderId").as_int64();
              break;
            }
          } catch (const std::exception&) {
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(50));  // client back-off
        }
        const int count = ++accepted;
        if (count == kKillAfter) {
          for (const auto& [service, instance] : relay_of) system.KillInstance(instance);
          killed = true;
        }
        if (count == kRestartAfter) {
          for (const auto& [service, instance] : relay_of) {
            // The standby relay took over before its peer came back.
            const std::string survivor = instance == service ? service + "#2" : service;
            EXPECT_TRUE(Eventually(
                [&] {
                  return system.LogOf(survivor).find("outbox relay of " + service + " is active") !=
                         std::string::npos;
                },
                std::chrono::seconds(60)))
                << survivor;
            system.StartInstance(instance);
          }
          restarted = true;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_TRUE(killed);
  ASSERT_TRUE(restarted);
  ASSERT_EQ(order_of.size(), static_cast<std::size_t>(kOrders));
  std::set<std::int64_t> ids;
  for (const auto& [intent, id] : order_of) ids.insert(id);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kOrders)) << "one order per key";

  std::size_t completed = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = AllOrders(system, "COMPLETED").size();
        return completed == kOrders;
      },
      std::chrono::seconds(300), std::chrono::milliseconds(500)))
      << completed << " of " << kOrders << " completed\n"
      << system.Logs();
  EXPECT_TRUE(Eventually([&] { return NothingReserved(system, kProducts); }));
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
  if (HasFailure()) std::cerr << system.Logs();
}

}  // namespace
}  // namespace sagashop::testing
