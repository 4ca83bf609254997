// The Order service's batch handler on both databases: every event in every order state, whole
// sagas and out-of-order events in one batch, compensation, and an event for an unknown order.
// Each case is a batch applied in one transaction, as the inbox applies it.
#include "services/order/order_event_handler.h"

#include <gtest/gtest.h>

#include <vector>

#include "contracts/event_codec.h"
#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "integration/services/batch_messages.h"
#include "platform/core/timestamp.h"
#include "platform/metrics/metrics_registry.h"
#include "services/order/domain/saga_reaction.h"
#include "services/order/order_migrations.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

using namespace sagashop::contracts;
using testing::MessageOf;

class OrderEventHandlerTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(OrderMigrations());
  }

  // An order as POST /orders leaves it, then put in `status`.
  struct Placed {
    std::int64_t id = 0;
    std::string saga_id;
  };
  Placed Place(OrderStatus status = OrderStatus::kPending) {
    auto tx = database_->Begin();
    OrderRepository orders(*tx);
    Placed placed{.saga_id = "saga-" + std::to_string(++placed_)};
    const std::string now = NowRfc3339();
    placed.id = orders.InsertOrder({.user_id = 1,
                                    .product_id = 1,
                                    .quantity = 1,
                                    .amount = 100,
                                    .address = "Seoul",
                                    .payment_method = "CARD"},
                                   placed.saga_id, now);
    orders.InsertSaga(placed.saga_id, placed.id, now);
    tx->Execute({"test.set_status", "UPDATE orders SET status = $2 WHERE id = $1"},
                {placed.id, std::string(ToString(status))});
    tx->Commit();
    return placed;
  }

  // Applies `messages` as one batch, committed.
  void Apply(const std::vector<bus::IncomingMessage>& messages) {
    const std::vector<const bus::IncomingMessage*> batch = testing::BatchOf(messages);
    auto tx = database_->Begin();
    HandleOrderEvents(*tx, batch, metrics_);
    tx->Commit();
  }

  OrderRecord Order(std::int64_t id) {
    auto tx = database_->Begin();
    return *OrderRepository(*tx).FindOrder(id);
  }
  SagaRecord Saga(std::int64_t id) {
    auto tx = database_->Begin();
    return *OrderRepository(*tx).FindSagaByOrder(id);
  }
  std::vector<std::string> Outcomes(const std::string& saga_id) {
    auto tx = database_->Begin();
    std::vector<std::string> outcomes;
    for (const SagaStepRecord& step : OrderRepository(*tx).ListSteps(saga_id)) {
      outcomes.push_back(step.event_type + " " + step.outcome);
    }
    return outcomes;
  }
  std::vector<std::string> Emitted() { return testing::OutboxEvents(*database_); }

  metrics::MetricsRegistry registry_{"order"};
  OrderMetrics metrics_{registry_};
  int placed_ = 0;
};

TEST_P(OrderEventHandlerTest, EveryEventInEveryStateDoesWhatTheTransitionTableSays) {
  const std::vector<EventPayload> events = {PaymentCompleted{},
                                            PaymentFailed{.reason = "declined"},
                                            PaymentRefunded{.reason = "refund"},
                                            StockReserved{},
                                            StockReservationFailed{.reason = "short"},
                                            StockReleased{},
                                            DeliveryStarted{},
                                            DeliveryFailed{.reason = "address"}};
  std::vector<std::pair<Placed, OrderStatus>> expected;
  std::size_t should_end = 0;  // moved to COMPLETED or CANCELED by the batch
  std::vector<bus::IncomingMessage> batch;
  for (const OrderStatus state : kAllOrderStatuses) {
    for (EventPayload event : events) {
      const Placed order = Place(state);
      std::visit([&](auto& e) { e.order_id = order.id; }, event);
      const std::optional<OrderStatus> target = ReactTo(event).target;
      const bool moves = target && CanTransition(state, *target);
      expected.emplace_back(order, moves ? *target : state);
      should_end +=
          moves && (*target == OrderStatus::kCompleted || *target == OrderStatus::kCanceled);
      batch.push_back(MessageOf(event, order.saga_id));
    }
  }
  Apply(batch);  // 64 orders, one batch
  for (const auto& [order, status] : expected) {
    EXPECT_EQ(Order(order.id).status, status) << "order " << order.id;
    EXPECT_EQ(Outcomes(order.saga_id).size(), 1u) << "order " << order.id;
  }
  std::size_t ended = 0;
  for (const std::string& event : Emitted()) {
    ended += event.starts_with("order.completed.v1") || event.starts_with("order.canceled.v1");
  }
  // Orders already COMPLETED or CANCELED absorb the events: only those this batch ended emit.
  EXPECT_GT(should_end, 0u);
  EXPECT_EQ(ended, should_end);
}

TEST_P(OrderEventHandlerTest, AWholeSagaInOneBatchCompletesTheOrderOnce) {
  const Placed order = Place();
  Apply({MessageOf(PaymentCompleted{.order_id = order.id}, order.saga_id),
         MessageOf(StockReserved{.order_id = order.id}, order.saga_id),
         MessageOf(DeliveryStarted{.order_id = order.id}, order.saga_id)});
  const OrderRecord stored = Order(order.id);
  EXPECT_EQ(stored.status, OrderStatus::kCompleted);
  EXPECT_EQ(stored.reason, std::nullopt);
  const SagaRecord saga = Saga(order.id);
  EXPECT_EQ(saga.status, "COMPLETED");
  EXPECT_EQ(saga.current_step, "delivery.started.v1");
  EXPECT_EQ(Outcomes(order.saga_id),
            (std::vector<std::string>{"payment.completed.v1 applied: STOCK_RESERVING",
                                      "stock.reserved.v1 applied: DELIVERY_PREPARING",
                                      "delivery.started.v1 applied: COMPLETED"}));
  EXPECT_EQ(Emitted(),
            (std::vector<std::string>{"order.completed.v1 " + std::to_string(order.id)}));
}

TEST_P(OrderEventHandlerTest, EventsOutOfOrderAndRepeatedAcrossBatchesChangeNothingTwice) {
  const Placed order = Place(OrderStatus::kPaymentProcessing);
  const bus::IncomingMessage reserved =
      MessageOf(StockReserved{.order_id = order.id}, order.saga_id);
  Apply({reserved, MessageOf(PaymentCompleted{.order_id = order.id}, order.saga_id)});
  EXPECT_EQ(Order(order.id).status, OrderStatus::kDeliveryPreparing);
  EXPECT_EQ(
      Outcomes(order.saga_id),
      (std::vector<std::string>{"stock.reserved.v1 applied: DELIVERY_PREPARING",
                                "payment.completed.v1 ignored: order was DELIVERY_PREPARING"}));
  // The same event once more (a replay past the inbox): ignored, and recorded once.
  Apply({reserved});
  EXPECT_EQ(Order(order.id).status, OrderStatus::kDeliveryPreparing);
  EXPECT_EQ(Outcomes(order.saga_id).size(), 2u);
  EXPECT_TRUE(Emitted().empty());
}

TEST_P(OrderEventHandlerTest, ACompensationKeepsTheFirstReasonAndCancelsWithIt) {
  const Placed failing = Place(OrderStatus::kStockReserving);
  const Placed declined = Place(OrderStatus::kPaymentProcessing);
  Apply({MessageOf(StockReservationFailed{.order_id = failing.id, .reason = "insufficient stock"},
                   failing.saga_id),
         MessageOf(PaymentFailed{.order_id = declined.id, .reason = "card declined"},
                   declined.saga_id),
         MessageOf(PaymentRefunded{.order_id = failing.id, .reason = "refund"}, failing.saga_id)});
  const OrderRecord canceled = Order(failing.id);
  EXPECT_EQ(canceled.status, OrderStatus::kCanceled);
  EXPECT_EQ(canceled.reason, "insufficient stock");
  EXPECT_EQ(Order(declined.id).reason, "card declined");
  EXPECT_EQ(Saga(failing.id).status, "CANCELED");
  EXPECT_EQ(Emitted(),
            (std::vector<std::string>{"order.canceled.v1 " + std::to_string(declined.id),
                                      "order.canceled.v1 " + std::to_string(failing.id)}));
}

TEST_P(OrderEventHandlerTest, AnEventForAnUnknownOrderFailsTheBatchNamingIt) {
  const Placed order = Place();
  auto tx = database_->Begin();
  const bus::IncomingMessage known = MessageOf(PaymentCompleted{.order_id = order.id}, "s");
  const bus::IncomingMessage unknown = MessageOf(PaymentFailed{.order_id = 999'999}, "s");
  const bus::IncomingMessage* batch[] = {&known, &unknown};
  try {
    HandleOrderEvents(*tx, batch, metrics_);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "payment.failed.v1 for unknown order 999999");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderEventHandlerTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::order
