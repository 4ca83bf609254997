#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "e2e/support/simulator_process.h"
#include "services/delivery/http_carrier.h"
#include "services/payment/http_payment_gateway.h"
#include "support/await_answer.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

using delivery::HttpCarrier;
using delivery::ShipmentRequest;
using delivery::ShipmentResult;
using payment::ChargeRequest;
using payment::ChargeResult;
using payment::HttpPaymentGateway;
using payment::RefundRequest;
using payment::RefundResult;

http::AsyncClientConfig ClientOf(const SimulatorProcess& simulator,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  http::AsyncClientConfig config;
  config.port = simulator.Port();
  config.request_timeout = timeout;
  return config;
}

ChargeRequest Charge(std::int64_t order_id, std::int64_t amount = 5000) {
  return {.idempotency_key = "payment-order-" + std::to_string(order_id),
          .order_id = order_id,
          .amount = amount,
          .payment_type = "CARD"};
}

CallOutcome<ChargeResult> ChargeThrough(HttpPaymentGateway& gateway, const ChargeRequest& request) {
  return AwaitAnswer<ChargeResult>([&](auto done) { gateway.Charge(request, std::move(done)); });
}

std::string ReasonOf(const auto& outcome) {
  const auto* unavailable = std::get_if<Unavailable>(&outcome);
  return unavailable != nullptr ? unavailable->reason : "(answered)";
}

std::int64_t ChargesOf(SimulatorProcess& simulator, std::int64_t order_id) {
  return simulator.GetJson("/v1/ledger/orders/" + std::to_string(order_id))
      .at("charges")
      .as_int64();
}

TEST(HttpAdaptersTest, ThreeHundredConcurrentChargesAreAllAnsweredAndReplaysGiveTheSameIds) {
  SimulatorProcess simulator({"--payment-latency-ms=20", "--payment-latency-p99-ms=200"});
  HttpPaymentGateway gateway(ClientOf(simulator));
  constexpr int kCharges = 300;

  // All 300 are started before any is waited for: they are in flight together.
  auto run_all = [&](std::vector<std::string>& ids) {
    std::mutex mutex;
    std::atomic<int> answered{0};
    ids.assign(kCharges, "");
    for (int i = 0; i < kCharges; ++i) {
      gateway.Charge(Charge(1000 + i), [&, i](CallOutcome<ChargeResult> outcome) {
        std::lock_guard lock(mutex);
        if (const auto* result = std::get_if<ChargeResult>(&outcome)) {
          ids[i] = result->approved ? result->gateway_tx_id : "declined";
        } else {
          ids[i] = "unavailable: " + std::get<Unavailable>(outcome).reason;
        }
        ++answered;
      });
    }
    EXPECT_TRUE(Eventually([&] { return answered.load() == kCharges; }, std::chrono::seconds(60)));
    std::lock_guard lock(mutex);
  };
  std::vector<std::string> first;
  run_all(first);
  for (int i = 0; i < kCharges; ++i) EXPECT_EQ(first[i].rfind("ch_", 0), 0u) << first[i];

  std::vector<std::string> replayed;
  run_all(replayed);
  EXPECT_EQ(replayed, first);
  const auto totals = simulator.GetJson("/v1/ledger");
  EXPECT_EQ(totals.at("charges").as_int64(), kCharges);
  EXPECT_TRUE(totals.at("ordersChargedMoreThanOnce").as_array().empty());
}

TEST(HttpAdaptersTest, ADeclineIsAResultAndARefundIsGivenOnce) {
  SimulatorProcess simulator;
  HttpPaymentGateway gateway(ClientOf(simulator));
  const auto declined = ChargeThrough(gateway, Charge(1, 2'000'000));
  ASSERT_TRUE(std::holds_alternative<ChargeResult>(declined)) << ReasonOf(declined);
  EXPECT_FALSE(std::get<ChargeResult>(declined).approved);
  EXPECT_NE(std::get<ChargeResult>(declined).decline_reason.find("exceeds the limit"),
            std::string::npos);

  const auto charged = ChargeThrough(gateway, Charge(2));
  ASSERT_TRUE(std::holds_alternative<ChargeResult>(charged)) << ReasonOf(charged);
  const RefundRequest refund{.idempotency_key = "refund-order-2",
                             .gateway_tx_id = std::get<ChargeResult>(charged).gateway_tx_id,
                             .order_id = 2,
                             .amount = 5000};
  auto refund_once = [&] {
    return AwaitAnswer<RefundResult>([&](auto done) { gateway.Refund(refund, std::move(done)); });
  };
  const auto first = refund_once();
  const auto again = refund_once();
  ASSERT_TRUE(std::holds_alternative<RefundResult>(first)) << ReasonOf(first);
  EXPECT_EQ(std::get<RefundResult>(first).refund_tx_id.rfind("rf_", 0), 0u);
  EXPECT_EQ(std::get<RefundResult>(again).refund_tx_id, std::get<RefundResult>(first).refund_tx_id);
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/2").at("refunds").as_int64(), 1);
}

TEST(HttpAdaptersTest, AFailingFaceIsUnavailableAndNothingIsCharged) {
  SimulatorProcess simulator({"--payment-failure-rate=1"});
  HttpPaymentGateway gateway(ClientOf(simulator));
  const auto outcome = ChargeThrough(gateway, Charge(1));
  ASSERT_TRUE(std::holds_alternative<Unavailable>(outcome));
  EXPECT_NE(ReasonOf(outcome).find("503"), std::string::npos) << ReasonOf(outcome);
  EXPECT_EQ(ChargesOf(simulator, 1), 0);
}

TEST(HttpAdaptersTest, ATimedOutChargeIsUnavailableAndItsRetryGetsTheOriginalCharge) {
  SimulatorProcess simulator({"--payment-timeout-rate=1", "--payment-timeout-delay-ms=2000"});
  HttpPaymentGateway impatient(ClientOf(simulator, std::chrono::milliseconds(300)));
  const auto timed_out = ChargeThrough(impatient, Charge(1));
  ASSERT_TRUE(std::holds_alternative<Unavailable>(timed_out));
  EXPECT_NE(ReasonOf(timed_out).find("timed out"), std::string::npos) << ReasonOf(timed_out);

  // The provider charged although no answer came; the retry under the same key finds it.
  ASSERT_TRUE(Eventually([&] { return ChargesOf(simulator, 1) == 1; }));
  const auto original = simulator.GetJson("/v1/charges?idempotencyKey=payment-order-1");
  simulator.SetBehaviour("payment", R"({"timeoutRate":0})");
  const auto retried = ChargeThrough(impatient, Charge(1));
  ASSERT_TRUE(std::holds_alternative<ChargeResult>(retried)) << ReasonOf(retried);
  EXPECT_EQ(std::get<ChargeResult>(retried).gateway_tx_id, original.at("id").as_string().c_str());
  EXPECT_EQ(ChargesOf(simulator, 1), 1);
}

TEST(HttpAdaptersTest, ARejectedRequestIsUnavailableWithAClearReason) {
  SimulatorProcess simulator;
  HttpPaymentGateway gateway(ClientOf(simulator));
  const RefundRequest unknown{
      .idempotency_key = "r", .gateway_tx_id = "ch_unknown", .order_id = 1, .amount = 1};
  const auto outcome =
      AwaitAnswer<RefundResult>([&](auto done) { gateway.Refund(unknown, std::move(done)); });
  ASSERT_TRUE(std::holds_alternative<Unavailable>(outcome));
  EXPECT_NE(ReasonOf(outcome).find("rejected with 404"), std::string::npos) << ReasonOf(outcome);
}

TEST(HttpAdaptersTest, NoProviderListeningIsUnavailable) {
  std::uint16_t port = 0;
  {
    SimulatorProcess gone;
    port = gone.Port();
    gone.Stop();
  }
  http::AsyncClientConfig config;
  config.port = port;
  HttpPaymentGateway gateway(config);
  EXPECT_TRUE(std::holds_alternative<Unavailable>(ChargeThrough(gateway, Charge(1))));
}

TEST(HttpAdaptersTest, TheCarrierAcceptsRefusesAndIsUnavailableInAnOutage) {
  SimulatorProcess simulator;
  HttpCarrier carrier(ClientOf(simulator));
  auto ship = [&](const ShipmentRequest& request) {
    return AwaitAnswer<ShipmentResult>(
        [&](auto done) { carrier.StartShipment(request, std::move(done)); });
  };
  const auto accepted = ship({.idempotency_key = "d1", .order_id = 1, .address = "Seoul"});
  ASSERT_TRUE(std::holds_alternative<ShipmentResult>(accepted)) << ReasonOf(accepted);
  EXPECT_TRUE(std::get<ShipmentResult>(accepted).accepted);
  EXPECT_FALSE(std::get<ShipmentResult>(accepted).tracking_number.empty());
  EXPECT_EQ(std::get<ShipmentResult>(accepted).carrier, "SIM-EXPRESS");
  const auto again = ship({.idempotency_key = "d1", .order_id = 1, .address = "Seoul"});
  EXPECT_EQ(std::get<ShipmentResult>(again).tracking_number,
            std::get<ShipmentResult>(accepted).tracking_number);

  const auto refused = ship({.idempotency_key = "d2", .order_id = 2, .address = "UNDELIVERABLE"});
  ASSERT_TRUE(std::holds_alternative<ShipmentResult>(refused)) << ReasonOf(refused);
  EXPECT_FALSE(std::get<ShipmentResult>(refused).accepted);
  EXPECT_EQ(std::get<ShipmentResult>(refused).refusal_reason,
            "delivery failed: address is undeliverable");

  ASSERT_EQ(simulator.Send("POST", "/v1/admin/outage/carrier", R"({"seconds":30})").status, 200);
  const auto down = ship({.idempotency_key = "d3", .order_id = 3, .address = "Seoul"});
  EXPECT_TRUE(std::holds_alternative<Unavailable>(down));
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/3").at("shipments").as_int64(), 0);
}

}  // namespace
}  // namespace sagashop::testing
