#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>
#include <vector>

#include "e2e/support/order_pages.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr int kRacingOrders = 300;
constexpr int kStock = 50;
constexpr int kRacingClients = 30;

// 300 orders of one unit race for the last 50 units of a product: in distributed mode two
// Inventory instances share the work (Kafka partitions) and update the same stock row, which
// only the optimistic lock keeps right.
class ContentionTest : public ::testing::TestWithParam<Mode> {};

TEST_P(ContentionTest, FiftyUnitsGoToExactlyFiftyOfThreeHundredOrders) {
  std::map<std::string, int> instances;
  if (GetParam() == Mode::kDistributed) instances["inventory"] = 2;
  SystemUnderTest system(GetParam(), {}, instances);
  ASSERT_EQ(system
                .Send("inventory", "PUT", "/inventory/1",
                      R"({"productName":"last lamps","availableQuantity":50})")
                .status,
            201);

  // Watches the stock while the orders race: it never goes below zero, nor adds up wrong.
  std::atomic<bool> racing{true};
  std::atomic<int> samples{0};
  std::atomic<int> bad_samples{0};
  std::thread watcher([&] {
    auto client = system.Client("inventory");
    while (racing) {
      const auto stock = boost::json::parse(client->Send("GET", "/inventory/1").body);
      const std::int64_t available = stock.at("availableQuantity").as_int64();
      const std::int64_t reserved = stock.at("reservedQuantity").as_int64();
      if (available < 0 || reserved < 0 || available + reserved > kStock) ++bad_samples;
      ++samples;
    }
  });

  std::vector<std::thread> clients;
  std::atomic<int> accepted{0};
  for (int c = 0; c < kRacingClients; ++c) {
    clients.emplace_back([&] {
      auto client = system.Client("order");
      for (int i = 0; i < kRacingOrders / kRacingClients; ++i) {
        const auto response = client->Send(
            "POST", "/orders", R"({"userId":4,"productId":1,"quantity":1,"amount":100})");
        if (response.status == 201) ++accepted;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_EQ(accepted, kRacingOrders);

  std::size_t completed = 0;
  std::size_t canceled = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = AllOrders(system, "COMPLETED").size();
        canceled = AllOrders(system, "CANCELED").size();
        return completed + canceled == kRacingOrders;
      },
      std::chrono::seconds(180), std::chrono::milliseconds(250)))
      << completed << " completed, " << canceled << " canceled";
  racing = false;
  watcher.join();

  EXPECT_EQ(completed, static_cast<std::size_t>(kStock));
  EXPECT_EQ(canceled, static_cast<std::size_t>(kRacingOrders - kStock));
  EXPECT_GT(samples, 0);
  EXPECT_EQ(bad_samples, 0) << "of " << samples << " samples";
  // Every loser lost to the stock, none to a version conflict, and got its money back.
  for (const boost::json::object& order : AllOrders(system, "CANCELED")) {
    const std::string reason(order.at("reason").as_string());
    EXPECT_NE(reason.find("insufficient stock"), std::string::npos) << reason;
    const auto payments =
        system.GetJson("payment", "/payments?orderId=" + std::to_string(order.at("id").as_int64()));
    ASSERT_EQ(payments.at("items").as_array().size(), 1u);
    EXPECT_EQ(payments.at("items").as_array()[0].at("status").as_string(), "REFUNDED");
  }
  EXPECT_TRUE(Eventually([&] { return NothingReserved(system, 1); }));
  EXPECT_EQ(system.GetJson("inventory", "/inventory/1").at("availableQuantity").as_int64(), 0);
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
  if (HasFailure()) std::cerr << system.Logs();
}

INSTANTIATE_TEST_SUITE_P(Modes, ContentionTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
