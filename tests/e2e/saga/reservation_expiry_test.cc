#include <algorithm>

#include "e2e/saga/order_probes.h"
#include "e2e/saga/saga_test_fixture.h"

namespace sagashop::testing {
namespace {

// Reservations that lapse (docs/contracts.md, rule 7; docs/reservations.md): with a one- or
// two-second time-to-live and no grace, the sweeper runs within moments of a reservation's expiry.
class ReservationExpiryTest : public ::testing::TestWithParam<Mode> {
 protected:
  void Start(std::vector<std::string> args) {
    system_ = std::make_unique<SystemUnderTest>(GetParam(), std::move(args));
    const http::Response response = system_->Send(
        "inventory", "PUT", "/inventory/1", R"({"productName":"lamp","availableQuantity":5})");
    ASSERT_EQ(response.status, 201) << response.body;
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
  }

  boost::json::value Stock() { return system_->GetJson("inventory", "/inventory/1"); }

  std::unique_ptr<SystemUnderTest> system_;
};

std::ptrdiff_t PositionOf(const std::vector<std::string>& steps, std::string_view type) {
  return std::find(steps.begin(), steps.end(), type) - steps.begin();
}

// The carrier is down, so no delivery can start before the reservation lapses: the sweeper (or
// Delivery, refusing to start past the deadline) ends the saga canceled, with a refund, the
// stock back and no delivery.
TEST_P(ReservationExpiryTest, AnExpiredReservationCancelsTheOrderWithARefund) {
  Start({"--reservation-ttl-seconds=1", "--reservation-sweep-grace-seconds=0",
         "--carrier-failure-rate=1"});
  SystemUnderTest& s = *system_;
  const std::int64_t id = Place(s, R"({"userId":5,"productId":1,"quantity":2,"amount":700})");

  const boost::json::object order = FinalOrder(s, id);
  EXPECT_EQ(order.at("status").as_string(), "CANCELED");
  EXPECT_TRUE(Contains(order.at("reason"), "stock reservation expired"))
      << boost::json::serialize(order);
  const auto payments = Items(s, "payment", "/payments", id);
  ASSERT_EQ(payments.size(), 1u);
  EXPECT_EQ(payments[0].at("status").as_string(), "REFUNDED");
  const auto deliveries = Items(s, "delivery", "/deliveries", id);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].at("status").as_string(), "FAILED");
  EXPECT_TRUE(Contains(deliveries[0].at("reason"), "stock reservation expired"));

  // The release reaches the history too (it may follow the refund that ended the order).
  ASSERT_TRUE(Eventually([&] {
    const auto steps = StepTypes(s, id);
    return std::count(steps.begin(), steps.end(), "stock.released.v1") == 1;
  })) << boost::json::serialize(s.GetJson("order", "/orders/" + std::to_string(id) + "/saga"));
  const auto reservations = Items(s, "inventory", "/reservations", id);
  ASSERT_EQ(reservations.size(), 1u);
  EXPECT_EQ(reservations[0].at("status").as_string(), "RELEASED");
  EXPECT_EQ(Stock().at("availableQuantity").as_int64(), 5);
  EXPECT_EQ(Stock().at("reservedQuantity").as_int64(), 0);

  const std::vector<std::string> steps = StepTypes(s, id);
  EXPECT_EQ(
      std::vector<std::string>(steps.begin(), steps.begin() + 3),
      (std::vector<std::string>{"order.created.v1", "payment.completed.v1", "stock.reserved.v1"}));
  EXPECT_LT(PositionOf(steps, "delivery.failed.v1"), PositionOf(steps, "payment.refunded.v1"));
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "delivery.started.v1"), 0);
  std::string report;
  EXPECT_EQ(s.Verify(&report), 0) << report;
}

// The race the design settles: Delivery decides to ship before the deadline, the carrier takes
// longer than the reservation lives, and the sweeper releases the reservation meanwhile. Delivery's
// decision stands: the order completes, nothing is refunded, and Inventory takes the units back
// from available stock when delivery.started arrives.
TEST_P(ReservationExpiryTest, ADeliveryDecidedBeforeTheDeadlineWinsOverTheSweeper) {
  Start({"--reservation-ttl-seconds=2", "--reservation-sweep-grace-seconds=0",
         "--carrier-latency-ms=6000"});
  SystemUnderTest& s = *system_;
  // A first order lets every consumer join its group (which takes seconds on Kafka), so that the
  // next order's reservation reaches Delivery well inside its two seconds.
  FinalOrder(s, Place(s, R"({"userId":5,"productId":1,"quantity":1,"amount":700})"));
  const auto before = Stock();
  const std::int64_t available = before.at("availableQuantity").as_int64();

  const std::int64_t id = Place(s, R"({"userId":5,"productId":1,"quantity":2,"amount":700})");
  const boost::json::object order = FinalOrder(s, id);
  EXPECT_EQ(order.at("status").as_string(), "COMPLETED") << boost::json::serialize(order);

  // The release may reach the history after the start that completed the order; the history is
  // in the order things happened.
  std::vector<std::string> steps;
  ASSERT_TRUE(Eventually([&] {
    steps = StepTypes(s, id);
    return std::count(steps.begin(), steps.end(), "stock.released.v1") == 1;
  })) << "the sweeper should have released the reservation while the carrier was busy";
  EXPECT_LT(PositionOf(steps, "stock.released.v1"), PositionOf(steps, "delivery.started.v1"));
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "delivery.failed.v1"), 0);
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "payment.refunded.v1"), 0);
  const auto payments = Items(s, "payment", "/payments", id);
  ASSERT_EQ(payments.size(), 1u);
  EXPECT_EQ(payments[0].at("status").as_string(), "COMPLETED");
  const auto deliveries = Items(s, "delivery", "/deliveries", id);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].at("status").as_string(), "STARTED");

  ASSERT_TRUE(Eventually([&] {
    return Items(s, "inventory", "/reservations", id)[0].at("status").as_string() == "COMMITTED";
  }));
  EXPECT_EQ(Stock().at("availableQuantity").as_int64(), available - 2);
  EXPECT_EQ(Stock().at("reservedQuantity").as_int64(), 0);
  std::string report;
  EXPECT_EQ(s.Verify(&report), 0) << report;
}

INSTANTIATE_TEST_SUITE_P(Modes, ReservationExpiryTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed), ModeParamName);

}  // namespace
}  // namespace sagashop::testing
