#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/support/order_pages.h"
#include "e2e/support/simulator_process.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {

// The path an order is sent down, and how it must end.
enum class Path { kOk, kDeclined, kShort, kUndeliverable };

// The whole system against the outside-world simulator over real HTTP (the HTTP adapters of the
// payment provider and the carrier), so the simulator's ledger says what was really charged,
// refunded and shipped.
class ProviderTest : public ::testing::TestWithParam<Mode> {
 protected:
  static constexpr std::int64_t kPlentyProduct = 1;
  static constexpr std::int64_t kSoldOutProduct = 2;

  // Starts the simulator with `provider_args` and the system pointed at it with `system_args`.
  void StartBoth(std::vector<std::string> provider_args, std::vector<std::string> system_args) {
    provider_ = std::make_unique<SimulatorProcess>(std::move(provider_args));
    const std::string url = "http://127.0.0.1:" + std::to_string(provider_->Port());
    system_args.push_back("--payment-provider-url=" + url);
    system_args.push_back("--carrier-url=" + url);
    system_ = std::make_unique<SystemUnderTest>(GetParam(), std::move(system_args));
    Stock(kPlentyProduct, 100'000);
    Stock(kSoldOutProduct, 0);
  }

  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    if (HasFailure() && provider_) std::cerr << "outside world:\n" << provider_->Log();
    system_.reset();
    provider_.reset();
  }

  void Stock(std::int64_t product, std::int64_t available) {
    const http::Response response =
        system_->Send("inventory", "PUT", "/inventory/" + std::to_string(product),
                      boost::json::serialize(boost::json::object{
                          {"productName", "p"}, {"availableQuantity", available}}));
    ASSERT_TRUE(response.status == 200 || response.status == 201) << response.body;
  }

  static Path PathOf(int n) {
    switch (n % 10) {
      case 0:
        return Path::kDeclined;
      case 1:
        return Path::kShort;
      case 2:
        return Path::kUndeliverable;
      default:
        return Path::kOk;
    }
  }

  static std::string BodyFor(int n) {
    const Path path = PathOf(n);
    boost::json::object body{
        {"userId", 1000 + n % 7},
        {"productId", path == Path::kShort ? kSoldOutProduct : kPlentyProduct},
        {"quantity", 1},
        {"amount", path == Path::kDeclined ? 2'000'000 : 1000 + n},
        {"address", path == Path::kUndeliverable ? "UNDELIVERABLE street " + std::to_string(n)
                                                 : "street " + std::to_string(n)}};
    return boost::json::serialize(body);
  }

  // POST /orders for intent `n` under its own Idempotency-Key; the order id.
  std::int64_t Place(http::HttpClient& client, int n) {
    const http::Response response = client.Send(
        "POST", "/orders", BodyFor(n), {{"Idempotency-Key", "intent-" + std::to_string(n)}});
    EXPECT_EQ(response.status, 201) << response.body;
    if (response.status != 201) return 0;
    return boost::json::parse(response.body).at("orderId").as_int64();
  }

  // Sends intents [from, to) on a schedule of `per_second`; returns intent -> order id.
  std::map<int, std::int64_t> SendAtRate(int from, int to, int per_second) {
    std::map<int, std::int64_t> orders;
    auto client = system_->Client("order");
    const auto start = std::chrono::steady_clock::now();
    for (int n = from; n < to; ++n) {
      std::this_thread::sleep_until(start +
                                    std::chrono::milliseconds(1000 * (n - from) / per_second));
      orders[n] = Place(*client, n);
    }
    return orders;
  }

  // Waits until every order in `orders` (intent -> order id) has ended.
  void AwaitEveryOrderEnded(const std::map<int, std::int64_t>& orders,
                            std::chrono::seconds deadline = std::chrono::seconds(120)) {
    std::size_t ended = 0;
    ASSERT_TRUE(Eventually(
        [&] {
          ended = AllOrders(*system_, "COMPLETED").size() + AllOrders(*system_, "CANCELED").size();
          return ended >= orders.size();
        },
        deadline, std::chrono::milliseconds(250)))
        << ended << " of " << orders.size() << " orders ended";
  }

  // Each order ended as its path says, and the provider's ledger shows exactly one charge per
  // order, one refund per compensated one, one shipment per order that reached delivery, and no
  // order charged, refunded or shipped twice.
  void ExpectEveryEffectOnce(const std::map<int, std::int64_t>& orders) {
    for (const auto& [n, order_id] : orders) {
      const std::string id = std::to_string(order_id);
      const Path path = PathOf(n);
      const boost::json::object order = system_->GetJson("order", "/orders/" + id).as_object();
      EXPECT_EQ(order.at("status").as_string(), path == Path::kOk ? "COMPLETED" : "CANCELED")
          << "intent " << n << ": " << boost::json::serialize(order);
      const boost::json::object ledger = provider_->GetJson("/v1/ledger/orders/" + id);
      EXPECT_EQ(ledger.at("charges").as_int64(), 1) << "order " << id;
      EXPECT_EQ(ledger.at("approvedCharges").as_int64(), path == Path::kDeclined ? 0 : 1)
          << "order " << id;
      const bool compensated = path == Path::kShort || path == Path::kUndeliverable;
      EXPECT_EQ(ledger.at("refunds").as_int64(), compensated ? 1 : 0) << "order " << id;
      const bool shipped = path == Path::kOk || path == Path::kUndeliverable;
      EXPECT_EQ(ledger.at("shipments").as_int64(), shipped ? 1 : 0) << "order " << id;
      // Nothing charged without its payment row: the provider's charge is the one Payment holds.
      const boost::json::value listed = system_->GetJson("payment", "/payments?orderId=" + id);
      const boost::json::array& payments = listed.at("items").as_array();
      ASSERT_EQ(payments.size(), 1u) << "order " << id;
      const std::string expected_status = path == Path::kDeclined ? "FAILED"
                                          : compensated           ? "REFUNDED"
                                                                  : "COMPLETED";
      EXPECT_EQ(payments[0].at("status").as_string(), expected_status) << "order " << id;
    }
    const boost::json::object totals = provider_->GetJson("/v1/ledger");
    EXPECT_TRUE(totals.at("ordersChargedMoreThanOnce").as_array().empty())
        << boost::json::serialize(totals);
    EXPECT_TRUE(totals.at("ordersRefundedMoreThanOnce").as_array().empty());
    EXPECT_TRUE(totals.at("ordersShippedMoreThanOnce").as_array().empty());
    ASSERT_TRUE(Eventually([&] { return NothingReserved(*system_, 2); }));
    std::string report;
    EXPECT_EQ(system_->Verify(&report), 0) << report;
  }

  // The sample of `service`'s /metrics named `name` that has every label of `labels` (in any
  // order, e.g. {{"provider", "payment-provider"}}); 0 when it has none.
  double Metric(const std::string& service, const std::string& name,
                const std::map<std::string, std::string>& labels = {}) {
    const http::Response response = system_->Send(service, "GET", "/metrics");
    std::istringstream lines(response.body);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) continue;
      bool matches = true;
      for (const auto& [label, value] : labels) {
        matches = matches && line.find(label + "=\"" + value + "\"") != std::string::npos;
      }
      if (matches) return std::stod(line.substr(line.rfind(' ') + 1));
    }
    return 0;
  }

  std::unique_ptr<SimulatorProcess> provider_;
  std::unique_ptr<SystemUnderTest> system_;
};

inline std::string ProviderModeName(const ::testing::TestParamInfo<Mode>& info) {
  return ModeName(info.param);
}

}  // namespace sagashop::testing
