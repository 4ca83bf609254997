#include "services/order/domain/saga_reaction.h"

#include <gtest/gtest.h>

namespace sagashop::order {
namespace {

using namespace sagashop::contracts;

TEST(SagaReactionTest, HappyPathMovesForward) {
  EXPECT_EQ(ReactTo(OrderCreated{}).target, OrderStatus::kPaymentProcessing);
  EXPECT_EQ(ReactTo(PaymentCompleted{}).target, OrderStatus::kStockReserving);
  EXPECT_EQ(ReactTo(StockReserved{}).target, OrderStatus::kDeliveryPreparing);
  EXPECT_EQ(ReactTo(DeliveryStarted{}).target, OrderStatus::kCompleted);
}

TEST(SagaReactionTest, FailuresCarryTheirReason) {
  const SagaReaction declined = ReactTo(PaymentFailed{.order_id = 1, .reason = "declined"});
  EXPECT_EQ(declined.target, OrderStatus::kCanceled);
  EXPECT_EQ(declined.reason, "declined");

  const SagaReaction short_stock =
      ReactTo(StockReservationFailed{.order_id = 1, .reason = "insufficient stock"});
  EXPECT_EQ(short_stock.target, OrderStatus::kCompensating);
  EXPECT_EQ(short_stock.reason, "insufficient stock");

  const SagaReaction undeliverable = ReactTo(DeliveryFailed{.order_id = 1, .reason = "address"});
  EXPECT_EQ(undeliverable.target, OrderStatus::kCompensating);

  const SagaReaction refunded = ReactTo(PaymentRefunded{.order_id = 1, .reason = "address"});
  EXPECT_EQ(refunded.target, OrderStatus::kCanceled);
  EXPECT_EQ(refunded.reason, "address");
}

TEST(SagaReactionTest, StockReleasedOnlyEntersTheHistory) {
  EXPECT_EQ(ReactTo(StockReleased{}).target, std::nullopt);
}

TEST(SagaReactionTest, LateEventsAfterATerminalStateChangeNothing) {
  // Whatever arrives after the order ended, the state machine refuses to move it.
  const EventPayload late[] = {OrderCreated{},    PaymentCompleted{},      StockReserved{},
                               DeliveryStarted{}, PaymentFailed{},         DeliveryFailed{},
                               PaymentRefunded{}, StockReservationFailed{}};
  for (OrderStatus terminal : {OrderStatus::kCompleted, OrderStatus::kCanceled}) {
    for (const EventPayload& payload : late) {
      const SagaReaction reaction = ReactTo(payload);
      ASSERT_TRUE(reaction.target.has_value());
      EXPECT_FALSE(CanTransition(terminal, *reaction.target));
    }
  }
}

TEST(SagaReactionTest, OutOfOrderPaymentBeforeOwnCreatedEventIsApplied) {
  // payment.completed can overtake order.created on its way back to the Order service.
  EXPECT_TRUE(CanTransition(OrderStatus::kPending, *ReactTo(PaymentCompleted{}).target));
  // ... and the late order.created is then a no-op.
  EXPECT_FALSE(CanTransition(OrderStatus::kStockReserving, *ReactTo(OrderCreated{}).target));
}

TEST(SagaReactionTest, SagaStatusFollowsOrderStatus) {
  EXPECT_EQ(SagaStatusFor(OrderStatus::kPending), "STARTED");
  EXPECT_EQ(SagaStatusFor(OrderStatus::kDeliveryPreparing), "STARTED");
  EXPECT_EQ(SagaStatusFor(OrderStatus::kCompensating), "COMPENSATING");
  EXPECT_EQ(SagaStatusFor(OrderStatus::kCompleted), "COMPLETED");
  EXPECT_EQ(SagaStatusFor(OrderStatus::kCanceled), "CANCELED");
  EXPECT_EQ(SagaStatusFor(OrderStatus::kFailed), "FAILED");
}

}  // namespace
}  // namespace sagashop::order
