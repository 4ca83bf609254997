#include "services/order/domain/saga_batch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/order/domain/saga_reaction.h"

namespace sagashop::order {
namespace {

using namespace sagashop::contracts;

// A batch of events about orders in given states, planned.
struct Batch {
  std::map<std::int64_t, OrderState> orders;
  std::vector<EventPayload> events;

  BatchPlan Plan() const {
    std::vector<SagaInput> inputs;
    for (const EventPayload& payload : events) {
      inputs.push_back({.order_id = std::visit([](const auto& e) { return e.order_id; }, payload),
                        .payload = &payload});
    }
    return PlanBatch(orders, inputs);
  }
};

// Every event the Order service reads, each alone against an order in every state: the plan is
// what the transition table says, and a move is one row from the state read.
TEST(SagaBatchTest, EachEventInEachStateMovesTheOrderAsTheTransitionTableSays) {
  const std::vector<EventPayload> events = {
      PaymentCompleted{.order_id = 1},
      PaymentFailed{.order_id = 1, .reason = "declined"},
      PaymentRefunded{.order_id = 1, .reason = "refund"},
      StockReserved{.order_id = 1},
      StockReservationFailed{.order_id = 1, .reason = "short"},
      StockReleased{.order_id = 1},
      DeliveryStarted{.order_id = 1},
      DeliveryFailed{.order_id = 1, .reason = "address"}};
  for (const OrderStatus state : kAllOrderStatuses) {
    for (const EventPayload& event : events) {
      const Batch batch{{{1, {.status = state}}}, {event}};
      const BatchPlan plan = batch.Plan();
      const std::optional<OrderStatus> target = ReactTo(event).target;
      const std::string name =
          std::string(ToString(state)) + " + event #" + std::to_string(event.index());
      ASSERT_EQ(plan.outcomes.size(), 1u) << name;
      if (!target) {
        EXPECT_EQ(plan.outcomes[0], "recorded") << name;
        EXPECT_TRUE(plan.moves.empty()) << name;
      } else if (CanTransition(state, *target)) {
        EXPECT_EQ(plan.outcomes[0], "applied: " + std::string(ToString(*target))) << name;
        ASSERT_EQ(plan.moves.size(), 1u) << name;
        EXPECT_EQ(plan.moves[0].from, state) << name;
        EXPECT_EQ(plan.moves[0].to, *target) << name;
        EXPECT_EQ(plan.moves[0].moves, 1) << name;
        const bool ends = *target == OrderStatus::kCompleted || *target == OrderStatus::kCanceled;
        EXPECT_EQ(plan.ends.size(), ends ? 1u : 0u) << name;
      } else {
        EXPECT_EQ(plan.outcomes[0], "ignored: order was " + std::string(ToString(state))) << name;
        EXPECT_TRUE(plan.moves.empty()) << name;
        EXPECT_TRUE(plan.ends.empty()) << name;
      }
    }
  }
}

TEST(SagaBatchTest, AWholeSagaInOneBatchIsOneMoveThatEndsIt) {
  const Batch batch{{{7, {.status = OrderStatus::kPending}}},
                    {PaymentCompleted{.order_id = 7}, StockReserved{.order_id = 7},
                     DeliveryStarted{.order_id = 7}}};
  const BatchPlan plan = batch.Plan();
  EXPECT_EQ(plan.outcomes,
            (std::vector<std::string>{"applied: STOCK_RESERVING", "applied: DELIVERY_PREPARING",
                                      "applied: COMPLETED"}));
  ASSERT_EQ(plan.moves.size(), 1u);
  EXPECT_EQ(plan.moves[0].from, OrderStatus::kPending);
  EXPECT_EQ(plan.moves[0].to, OrderStatus::kCompleted);
  EXPECT_EQ(plan.moves[0].moves, 3);
  EXPECT_EQ(plan.moves[0].last_input, 2u);
  ASSERT_EQ(plan.ends.size(), 1u);
  EXPECT_EQ(plan.ends[0].status, OrderStatus::kCompleted);
  EXPECT_EQ(plan.ends[0].input, 2u);
}

TEST(SagaBatchTest, EventsOutOfOrderInOneBatchEndWhereTheyWouldOneByOne) {
  // stock.reserved overtook payment.completed: the late payment.completed is ignored.
  const Batch batch{{{3, {.status = OrderStatus::kPaymentProcessing}}},
                    {StockReserved{.order_id = 3}, PaymentCompleted{.order_id = 3}}};
  const BatchPlan plan = batch.Plan();
  EXPECT_EQ(plan.outcomes, (std::vector<std::string>{"applied: DELIVERY_PREPARING",
                                                     "ignored: order was DELIVERY_PREPARING"}));
  ASSERT_EQ(plan.moves.size(), 1u);
  EXPECT_EQ(plan.moves[0].to, OrderStatus::kDeliveryPreparing);
  EXPECT_EQ(plan.moves[0].moves, 1);
}

TEST(SagaBatchTest, TheFirstFailureReasonIsKeptAndCarriedByTheCancellation) {
  const Batch batch{{{5, {.status = OrderStatus::kDeliveryPreparing}}},
                    {DeliveryFailed{.order_id = 5, .reason = "undeliverable address"},
                     PaymentRefunded{.order_id = 5, .reason = "a later reason"}}};
  const BatchPlan plan = batch.Plan();
  ASSERT_EQ(plan.moves.size(), 1u);
  EXPECT_EQ(plan.moves[0].to, OrderStatus::kCanceled);
  EXPECT_EQ(plan.moves[0].reason, "undeliverable address");
  ASSERT_EQ(plan.ends.size(), 1u);
  EXPECT_EQ(plan.ends[0].status, OrderStatus::kCanceled);
  EXPECT_EQ(plan.ends[0].reason, "undeliverable address");
}

TEST(SagaBatchTest, AForwardMoveWithoutAFailureLeavesNoReason) {
  const Batch batch{{{2, {.status = OrderStatus::kPending}}}, {PaymentCompleted{.order_id = 2}}};
  EXPECT_EQ(batch.Plan().moves.at(0).reason, std::nullopt);
}

TEST(SagaBatchTest, OrdersOfOneBatchMoveIndependentlyOneRowEachInIdOrder) {
  const Batch batch{
      {{9, {.status = OrderStatus::kPending}},
       {4, {.status = OrderStatus::kStockReserving}},
       {6, {.status = OrderStatus::kCompleted}}},
      {PaymentFailed{.order_id = 9, .reason = "declined"}, StockReserved{.order_id = 4},
       DeliveryFailed{.order_id = 6, .reason = "x"}, StockReleased{.order_id = 9}}};
  const BatchPlan plan = batch.Plan();
  EXPECT_EQ(plan.outcomes,
            (std::vector<std::string>{"applied: CANCELED", "applied: DELIVERY_PREPARING",
                                      "ignored: order was COMPLETED", "recorded"}));
  ASSERT_EQ(plan.moves.size(), 2u);
  EXPECT_EQ(plan.moves[0].order_id, 4);
  EXPECT_EQ(plan.moves[1].order_id, 9);
  ASSERT_EQ(plan.ends.size(), 1u);
  EXPECT_EQ(plan.ends[0].order_id, 9);
  EXPECT_EQ(plan.ends[0].reason, "declined");
}

TEST(SagaBatchTest, AnEventForAnOrderNotReadIsAnError) {
  const Batch batch{{}, {PaymentCompleted{.order_id = 1}}};
  EXPECT_THROW(batch.Plan(), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::order
