#include <gtest/gtest.h>

#include <string>

#include "e2e/support/simulator_process.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr std::string_view kCharge = R"({"orderId":1,"amount":5000,"paymentType":"CARD"})";

std::string ChargeBody(std::int64_t order_id, std::int64_t amount) {
  return R"({"orderId":)" + std::to_string(order_id) + R"(,"amount":)" + std::to_string(amount) +
         R"(,"paymentType":"CARD"})";
}

std::string Text(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

TEST(OutsideWorldApiTest, AChargeUpToTheLimitIsApprovedAndOneAboveItDeclined) {
  SimulatorProcess simulator;
  const http::Response approved = simulator.Post("/v1/charges", "k-ok", ChargeBody(1, 5000));
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto charge = BodyOf(approved);
  EXPECT_EQ(Text(charge, "status"), "APPROVED");
  EXPECT_EQ(Text(charge, "id").rfind("ch_", 0), 0u);
  EXPECT_EQ(Text(charge, "idempotencyKey"), "k-ok");
  EXPECT_EQ(charge.at("orderId").as_int64(), 1);
  EXPECT_EQ(charge.at("amount").as_int64(), 5000);
  EXPECT_TRUE(charge.at("declineReason").is_null());
  EXPECT_FALSE(approved.Header("Idempotent-Replayed").has_value());

  const http::Response declined = simulator.Post("/v1/charges", "k-big", ChargeBody(2, 1'000'001));
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(Text(BodyOf(declined), "status"), "DECLINED");
  EXPECT_EQ(Text(BodyOf(declined), "declineReason"),
            "payment declined: amount 1000001 exceeds the limit 1000000");
}

TEST(OutsideWorldApiTest, TheLimitIsAFlag) {
  SimulatorProcess simulator({"--payment-limit=100"});
  const http::Response declined = simulator.Post("/v1/charges", "k", ChargeBody(1, 101));
  EXPECT_EQ(Text(BodyOf(declined), "status"), "DECLINED");
}

TEST(OutsideWorldApiTest, ARepeatedKeyIsAnsweredWithTheOriginalChargeAndChargesOnce) {
  SimulatorProcess simulator;
  const http::Response first = simulator.Post("/v1/charges", "k1", kCharge);
  const http::Response again = simulator.Post("/v1/charges", "k1", kCharge);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  const auto counts = simulator.GetJson("/v1/ledger/orders/1");
  EXPECT_EQ(counts.at("charges").as_int64(), 1);
  EXPECT_EQ(counts.at("approvedCharges").as_int64(), 1);
}

TEST(OutsideWorldApiTest, TheSameKeyWithADifferentBodyIs422AndRecordsNothing) {
  SimulatorProcess simulator;
  ASSERT_EQ(simulator.Post("/v1/charges", "k1", ChargeBody(1, 5000)).status, 200);
  const http::Response changed = simulator.Post("/v1/charges", "k1", ChargeBody(1, 6000));
  EXPECT_EQ(changed.status, 422) << changed.body;
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/1").at("charges").as_int64(), 1);
}

TEST(OutsideWorldApiTest, AChargeIsFoundByItsKey) {
  SimulatorProcess simulator;
  const auto charge = BodyOf(simulator.Post("/v1/charges", "k-find", kCharge));
  const auto found = simulator.GetJson("/v1/charges?idempotencyKey=k-find");
  EXPECT_EQ(Text(found, "id"), Text(charge, "id"));
  EXPECT_EQ(simulator.Send("GET", "/v1/charges?idempotencyKey=nope").status, 404);
  EXPECT_EQ(ProblemField(simulator.Send("GET", "/v1/charges")), "idempotencyKey");
}

TEST(OutsideWorldApiTest, AChargeIsRefundedOnceWhateverTheKey) {
  SimulatorProcess simulator;
  const std::string charge_id = Text(BodyOf(simulator.Post("/v1/charges", "c", kCharge)), "id");
  const std::string refund_body = R"({"chargeId":")" + charge_id + R"(","amount":5000})";
  const http::Response refund = simulator.Post("/v1/refunds", "r1", refund_body);
  ASSERT_EQ(refund.status, 200) << refund.body;
  EXPECT_EQ(Text(BodyOf(refund), "status"), "REFUNDED");
  EXPECT_EQ(Text(BodyOf(refund), "chargeId"), charge_id);
  EXPECT_EQ(Text(BodyOf(refund), "id").rfind("rf_", 0), 0u);

  const http::Response replay = simulator.Post("/v1/refunds", "r1", refund_body);
  EXPECT_EQ(replay.Header("Idempotent-Replayed"), "true");
  const http::Response other_key = simulator.Post("/v1/refunds", "r2", refund_body);
  ASSERT_EQ(other_key.status, 200) << other_key.body;
  EXPECT_EQ(Text(BodyOf(other_key), "id"), Text(BodyOf(refund), "id"));
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/1").at("refunds").as_int64(), 1);
}

TEST(OutsideWorldApiTest, AnUnknownOrDeclinedChargeCannotBeRefunded) {
  SimulatorProcess simulator;
  EXPECT_EQ(simulator.Post("/v1/refunds", "r", R"({"chargeId":"ch_none","amount":1})").status, 404);
  const std::string declined =
      Text(BodyOf(simulator.Post("/v1/charges", "c", ChargeBody(1, 2'000'000))), "id");
  const http::Response refused =
      simulator.Post("/v1/refunds", "r", R"({"chargeId":")" + declined + R"(","amount":1})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(simulator.GetJson("/v1/ledger").at("refunds").as_int64(), 0);
}

TEST(OutsideWorldApiTest, AShipmentIsAcceptedWithATrackingNumberOrRefusedForABadAddress) {
  SimulatorProcess simulator;
  const http::Response accepted =
      simulator.Post("/v1/shipments", "s1", R"({"orderId":1,"address":"Seoul"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  const auto shipment = BodyOf(accepted);
  EXPECT_EQ(Text(shipment, "status"), "ACCEPTED");
  EXPECT_EQ(Text(shipment, "carrier"), "SIM-EXPRESS");
  EXPECT_FALSE(Text(shipment, "trackingNumber").empty());
  EXPECT_TRUE(shipment.at("refusalReason").is_null());

  const auto refused =
      BodyOf(simulator.Post("/v1/shipments", "s2", R"({"orderId":2,"address":"UNDELIVERABLE"})"));
  EXPECT_EQ(Text(refused, "status"), "REFUSED");
  EXPECT_TRUE(refused.at("trackingNumber").is_null());
  EXPECT_EQ(Text(refused, "refusalReason"), "delivery failed: address is undeliverable");

  EXPECT_EQ(Text(simulator.GetJson("/v1/shipments?idempotencyKey=s1"), "id"), Text(shipment, "id"));
  EXPECT_EQ(simulator.Send("GET", "/v1/shipments?idempotencyKey=none").status, 404);
}

TEST(OutsideWorldApiTest, TheLedgerCountsDistinctEntriesPerOrderAndInTotal) {
  SimulatorProcess simulator;
  simulator.Post("/v1/charges", "a", ChargeBody(7, 100));
  simulator.Post("/v1/charges", "a", ChargeBody(7, 100));  // a replay, not an entry
  simulator.Post("/v1/charges", "b", ChargeBody(8, 5'000'000));
  simulator.Post("/v1/shipments", "s", R"({"orderId":7,"address":"Busan"})");
  const auto order = simulator.GetJson("/v1/ledger/orders/7");
  EXPECT_EQ(order.at("orderId").as_int64(), 7);
  EXPECT_EQ(order.at("charges").as_int64(), 1);
  EXPECT_EQ(order.at("approvedCharges").as_int64(), 1);
  EXPECT_EQ(order.at("refunds").as_int64(), 0);
  EXPECT_EQ(order.at("shipments").as_int64(), 1);
  const auto totals = simulator.GetJson("/v1/ledger");
  EXPECT_EQ(totals.at("charges").as_int64(), 2);
  EXPECT_EQ(totals.at("approvedCharges").as_int64(), 1);
  EXPECT_TRUE(totals.at("ordersChargedMoreThanOnce").as_array().empty());
  EXPECT_TRUE(totals.at("ordersRefundedMoreThanOnce").as_array().empty());
  EXPECT_TRUE(totals.at("ordersShippedMoreThanOnce").as_array().empty());

  simulator.Post("/v1/charges", "a-lost-key", ChargeBody(7, 100));  // a client that lost its key
  EXPECT_EQ(simulator.GetJson("/v1/ledger").at("ordersChargedMoreThanOnce").as_array().at(0), 7);
}

TEST(OutsideWorldApiTest, AnInjectedFailureAnswers503AndRecordsNothing) {
  SimulatorProcess simulator({"--payment-failure-rate=1"});
  const http::Response failed = simulator.Post("/v1/charges", "k", kCharge);
  EXPECT_EQ(failed.status, 503) << failed.body;
  EXPECT_TRUE(failed.Header("Retry-After").has_value());
  EXPECT_EQ(simulator.Send("GET", "/v1/charges?idempotencyKey=k").status, 404);
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/1").at("charges").as_int64(), 0);
  // The carrier is another face and is not affected.
  EXPECT_EQ(simulator.Post("/v1/shipments", "s", R"({"orderId":1,"address":"Seoul"})").status, 200);

  simulator.SetBehaviour("payment", R"({"failureRate":0})");
  EXPECT_EQ(simulator.Post("/v1/charges", "k", kCharge).status, 200);
}

TEST(OutsideWorldApiTest, ATimedOutChargeIsRecordedAlthoughTheClientGotNoAnswer) {
  SimulatorProcess simulator;
  simulator.SetBehaviour("payment", R"({"timeoutRate":1,"timeoutDelayMs":2000})");
  http::HttpClient impatient("127.0.0.1", simulator.Port(), std::chrono::milliseconds(300));
  EXPECT_THROW(impatient.Send("POST", "/v1/charges", kCharge, {{"Idempotency-Key", "late"}}),
               http::HttpClientError);
  // The provider charged anyway: the client reconciles by key.
  ASSERT_TRUE(Eventually(
      [&] { return simulator.Send("GET", "/v1/charges?idempotencyKey=late").status == 200; }));
  const auto found = simulator.GetJson("/v1/charges?idempotencyKey=late");
  EXPECT_EQ(Text(found, "status"), "APPROVED");

  simulator.SetBehaviour("payment", R"({"timeoutRate":0})");
  const http::Response retried = simulator.Post("/v1/charges", "late", kCharge);
  EXPECT_EQ(Text(BodyOf(retried), "id"), Text(found, "id"));
  EXPECT_EQ(retried.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/1").at("charges").as_int64(), 1);
}

TEST(OutsideWorldApiTest, AnOutageStopsEveryCallOfOneFaceUntilItEnds) {
  SimulatorProcess simulator;
  const http::Response started =
      simulator.Send("POST", "/v1/admin/outage/payment", R"({"seconds":20})");
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_GT(BodyOf(started).at("outageSecondsLeft").as_int64(), 0);

  const http::Response down = simulator.Post("/v1/charges", "k", kCharge);
  EXPECT_EQ(down.status, 503);
  EXPECT_TRUE(down.Header("Retry-After").has_value());
  EXPECT_EQ(simulator.Send("GET", "/v1/charges?idempotencyKey=k").status, 503);
  EXPECT_EQ(simulator.Post("/v1/shipments", "s", R"({"orderId":1,"address":"Seoul"})").status, 200);
  const auto behaviour = simulator.GetJson("/v1/admin/behaviour");
  EXPECT_GT(behaviour.at("payment").at("outageSecondsLeft").as_int64(), 0);
  EXPECT_EQ(behaviour.at("carrier").at("outageSecondsLeft").as_int64(), 0);

  ASSERT_EQ(simulator.Send("POST", "/v1/admin/outage/payment", R"({"seconds":0})").status, 200);
  EXPECT_EQ(simulator.Post("/v1/charges", "k", kCharge).status, 200);
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/1").at("charges").as_int64(), 1);
}

TEST(OutsideWorldApiTest, TheLedgerSurvivesACrashAndARepeatedKeyGetsTheOriginalAnswer) {
  SimulatorProcess simulator;
  const auto charge = BodyOf(simulator.Post("/v1/charges", "durable", kCharge));
  const auto shipment =
      BodyOf(simulator.Post("/v1/shipments", "ship", R"({"orderId":1,"address":"Seoul"})"));

  simulator.CrashAndRestart();
  const http::Response again = simulator.Post("/v1/charges", "durable", kCharge);
  EXPECT_EQ(Text(BodyOf(again), "id"), Text(charge, "id"));
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  const auto shipped =
      BodyOf(simulator.Post("/v1/shipments", "ship", R"({"orderId":1,"address":"Seoul"})"));
  EXPECT_EQ(Text(shipped, "trackingNumber"), Text(shipment, "trackingNumber"));
  EXPECT_EQ(simulator.GetJson("/v1/ledger/orders/1").at("charges").as_int64(), 1);
}

TEST(OutsideWorldApiTest, BadInputIsA400NamingTheField) {
  SimulatorProcess simulator;
  EXPECT_EQ(ProblemField(simulator.Send("POST", "/v1/charges", kCharge)), "Idempotency-Key");
  EXPECT_EQ(ProblemField(simulator.Post("/v1/charges", "k", "{not json")), "body");
  EXPECT_EQ(ProblemField(simulator.Post("/v1/charges", "k",
                                        R"({"orderId":1,"amount":"5000","paymentType":"CARD"})")),
            "amount");
  EXPECT_EQ(ProblemField(simulator.Post("/v1/charges", "k", R"({"amount":5,"paymentType":"C"})")),
            "orderId");
  EXPECT_EQ(ProblemField(simulator.Post("/v1/refunds", "k", R"({"chargeId":"ch_1"})")), "amount");
  EXPECT_EQ(ProblemField(simulator.Post("/v1/shipments", "k", R"({"orderId":-1,"address":"A"})")),
            "orderId");
  EXPECT_EQ(
      ProblemField(simulator.Send("PUT", "/v1/admin/behaviour/payment", R"({"failureRate":2})")),
      "failureRate");
  EXPECT_EQ(ProblemField(simulator.Send("PUT", "/v1/admin/behaviour/carrier",
                                        R"({"latencyMedianMs":100,"latencyP99Ms":50})")),
            "latencyP99Ms");
  EXPECT_EQ(ProblemField(simulator.Send("POST", "/v1/admin/outage/payment", R"({"seconds":-1})")),
            "seconds");
  EXPECT_EQ(ProblemField(simulator.Send("GET", "/v1/ledger/orders/abc")), "orderId");
  EXPECT_EQ(simulator.Send("PUT", "/v1/admin/behaviour/bank", "{}").status, 404);
  EXPECT_EQ(simulator.GetJson("/v1/ledger").at("charges").as_int64(), 0);
}

TEST(OutsideWorldApiTest, BehaviourChangesAreShownAndHealthAnswers) {
  SimulatorProcess simulator({"--carrier-latency-ms=5", "--carrier-latency-p99-ms=50"});
  EXPECT_EQ(simulator.Send("GET", "/health").status, 200);
  auto behaviour = simulator.GetJson("/v1/admin/behaviour");
  EXPECT_EQ(behaviour.at("carrier").at("latencyMedianMs").as_int64(), 5);
  EXPECT_EQ(behaviour.at("carrier").at("latencyP99Ms").as_int64(), 50);
  EXPECT_EQ(behaviour.at("payment").at("timeoutDelayMs").as_int64(), 10000);
  simulator.SetBehaviour("payment", R"({"failureRate":0.25,"timeoutRate":0.5})");
  behaviour = simulator.GetJson("/v1/admin/behaviour");
  EXPECT_EQ(behaviour.at("payment").at("failureRate").as_double(), 0.25);
  EXPECT_EQ(behaviour.at("payment").at("timeoutRate").as_double(), 0.5);
}

TEST(OutsideWorldApiTest, StopsCleanlyOnSigtermEvenWithALateAnswerPending) {
  SimulatorProcess simulator({"--payment-timeout-rate=1", "--payment-timeout-delay-ms=600000"});
  http::HttpClient impatient("127.0.0.1", simulator.Port(), std::chrono::milliseconds(200));
  EXPECT_THROW(impatient.Send("POST", "/v1/charges", kCharge, {{"Idempotency-Key", "k"}}),
               http::HttpClientError);
  ASSERT_TRUE(Eventually(
      [&] { return simulator.Send("GET", "/v1/charges?idempotencyKey=k").status == 200; }));
  EXPECT_EQ(simulator.Stop(), 0) << simulator.Log();
}

}  // namespace
}  // namespace sagashop::testing
