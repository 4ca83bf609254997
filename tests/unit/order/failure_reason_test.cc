#include "services/order/domain/failure_reason.h"

#include <gtest/gtest.h>

#include <set>

#include "services/delivery/domain/simulated_carrier.h"
#include "services/delivery/domain/start_decision.h"
#include "services/inventory/domain/stock_arithmetic.h"
#include "services/payment/domain/simulated_gateway.h"
#include "support/await_answer.h"

namespace sagashop::order {
namespace {

// The reasons are classified from the texts the other services write: these come from the very
// functions that write them, so a reworded reason fails here rather than turning into "other".
TEST(FailureReasonTest, ClassifiesTheReasonsTheServicesWrite) {
  const auto short_stock =
      inventory::DecideReservation(inventory::StockLevel{.available = 1, .reserved = 0}, 5);
  EXPECT_EQ(ClassifyFailure(short_stock.reason), FailureReason::kInsufficientStock)
      << short_stock.reason;

  payment::SimulatedGateway gateway({.limit = 1000});
  const auto declined =
      testing::AnsweredResult(testing::AwaitAnswer<payment::ChargeResult>([&](auto done) {
        gateway.Charge({.idempotency_key = "k", .order_id = 1, .amount = 5000}, done);
      }));
  ASSERT_FALSE(declined.approved);
  EXPECT_EQ(ClassifyFailure(declined.decline_reason), FailureReason::kPaymentDeclined)
      << declined.decline_reason;

  delivery::SimulatedCarrier carrier({});
  const auto refused =
      testing::AnsweredResult(testing::AwaitAnswer<delivery::ShipmentResult>([&](auto done) {
        carrier.StartShipment({.order_id = 1, .address = "UNDELIVERABLE 1"}, done);
      }));
  ASSERT_FALSE(refused.accepted);
  EXPECT_EQ(ClassifyFailure(refused.refusal_reason), FailureReason::kDeliveryFailed)
      << refused.refusal_reason;

  EXPECT_EQ(ClassifyFailure(delivery::kReservationExpired), FailureReason::kReservationExpired);
}

TEST(FailureReasonTest, AnythingElseIsOther) {
  const auto unknown = inventory::DecideReservation(std::nullopt, 1);
  EXPECT_EQ(ClassifyFailure(unknown.reason), FailureReason::kOther) << unknown.reason;
  EXPECT_EQ(ClassifyFailure(""), FailureReason::kOther);
  EXPECT_EQ(ClassifyFailure("fraud suspected"), FailureReason::kOther);
  EXPECT_EQ(ClassifyFailure("Insufficient Stock"), FailureReason::kOther) << "exact texts only";
}

TEST(FailureReasonTest, LabelsAreTheFixedLowCardinalitySet) {
  std::set<std::string_view> labels;
  for (const FailureReason reason : kAllFailureReasons) labels.insert(ToLabel(reason));
  EXPECT_EQ(labels,
            (std::set<std::string_view>{"insufficient_stock", "payment_declined", "delivery_failed",
                                        "reservation_expired", "other"}));
}

}  // namespace
}  // namespace sagashop::order
