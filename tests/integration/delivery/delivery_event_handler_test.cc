// The Delivery service's batch handler on both databases: both halves of a request in one batch or
// in two, in either order, duplicates, a reservation released or expired before the start, and
// starts that stand. Calls are recorded, never made: the dispatcher is not started.
#include "services/delivery/delivery_event_handler.h"

#include <gtest/gtest.h>

#include <vector>

#include "contracts/event_codec.h"
#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "integration/services/batch_messages.h"
#include "integration/services/no_calls.h"
#include "platform/db/counted_database.h"
#include "services/delivery/delivery_migrations.h"
#include "services/delivery/delivery_repository.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {
namespace {

using namespace sagashop::contracts;
using testing::MessageOf;

constexpr const char* kFarAhead = "2200-01-01T00:00:00.000000Z";  // within SystemTime's range
constexpr const char* kLongAgo = "2001-01-01T00:00:00.000000Z";

bus::IncomingMessage Created(std::int64_t order_id) {
  return MessageOf(
      OrderCreated{.order_id = order_id, .address = "Seoul " + std::to_string(order_id)});
}
bus::IncomingMessage Reserved(std::int64_t order_id, const char* expired_at = kFarAhead) {
  return MessageOf(StockReserved{
      .order_id = order_id, .reservation_id = 10 * order_id, .expired_at = expired_at});
}
bus::IncomingMessage Released(std::int64_t order_id) {
  return MessageOf(StockReleased{.order_id = order_id});
}

class DeliveryEventHandlerTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(DeliveryMigrations());
    counted_ = std::make_unique<db::CountedDatabase>(std::move(database_));
    dispatcher_ = std::make_unique<outcall::OutsideCallDispatcher>(
        *counted_, provider_, outcall::OutsideCallDispatcherConfig{}.For("delivery", "test"));
    handler_ = std::make_unique<DeliveryEventHandler>(*dispatcher_);
  }

  // Applies `messages` as one batch in one transaction, committed; returns the statements the
  // handler ran.
  std::int64_t Apply(const std::vector<bus::IncomingMessage>& messages) {
    return testing::StatementsOf(
        *counted_, [&](db::Transaction& tx) { handler_->Handle(tx, testing::BatchOf(messages)); });
  }

  // The shipment calls recorded, as their order ids, in id order.
  std::vector<std::int64_t> Shipments() {
    auto tx = counted_->Begin();
    const db::ResultSet rows = tx->Execute(
        {"test.calls", "SELECT ordering_key, kind, in_attempt FROM outside_calls ORDER BY id"});
    std::vector<std::int64_t> orders;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) {
      EXPECT_EQ(rows.Text(row, 1), kShipmentCall);
      EXPECT_EQ(rows.Int64(row, 2), 1) << "claimed: it starts when the batch commits";
      orders.push_back(rows.Int64(row, 0));
    }
    return orders;
  }
  std::optional<DeliveryRecord> Delivery(std::int64_t order_id) {
    auto tx = counted_->Begin();
    return DeliveryRepository(*tx).FindByOrder(order_id);
  }
  std::optional<DeliveryRequest> Request(std::int64_t order_id) {
    auto tx = counted_->Begin();
    return DeliveryRepository(*tx).FindRequest(order_id);
  }
  std::vector<std::string> Emitted() { return testing::OutboxEvents(*counted_); }

  std::unique_ptr<db::CountedDatabase> counted_;
  testing::NoCalls provider_;
  std::unique_ptr<outcall::OutsideCallDispatcher> dispatcher_;
  std::unique_ptr<DeliveryEventHandler> handler_;
};

TEST_P(DeliveryEventHandlerTest, ABatchOfWholeRequestsCostsThreeStatementsWhateverItsSize) {
  std::vector<bus::IncomingMessage> batch;
  for (std::int64_t order = 1; order <= 40; ++order) {
    batch.push_back(order % 2 ? Created(order) : Reserved(order));
    batch.push_back(order % 2 ? Reserved(order) : Created(order));  // either order
  }
  // The requests recorded, read back with their deliveries and calls, the intents.
  EXPECT_EQ(Apply(batch), 3);
  const std::vector<std::int64_t> shipments = Shipments();
  ASSERT_EQ(shipments.size(), 40u);
  EXPECT_EQ(shipments.front(), 1);
  EXPECT_EQ(shipments.back(), 40);
  const DeliveryRequest request = *Request(7);
  EXPECT_EQ(request.address, "Seoul 7");
  EXPECT_EQ(request.reservation_id, 70);
  EXPECT_EQ(request.reservation_expired_at, kFarAhead);
  EXPECT_FALSE(request.reservation_released);
  EXPECT_TRUE(Emitted().empty());
}

TEST_P(DeliveryEventHandlerTest, TheSecondHalfInALaterBatchStartsTheDeliveryOnce) {
  Apply({Created(1), Reserved(2), Created(3)});
  EXPECT_TRUE(Shipments().empty()) << "each waits for its other half";
  Apply({Reserved(1), Created(2), Created(2), Reserved(1)});  // with duplicates
  EXPECT_EQ(Shipments(), (std::vector<std::int64_t>{1, 2}));
  Apply({Created(1), Reserved(2)});  // replayed: decided already
  EXPECT_EQ(Shipments(), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(Request(3)->reservation_id, std::nullopt);
}

TEST_P(DeliveryEventHandlerTest, AReservationReleasedOrExpiredBeforeTheStartFailsTheDelivery) {
  Apply({Created(1), Reserved(1), Released(1),  // released within the batch
         Released(2), Created(2),               // released before its address came
         Created(3), Reserved(3, kLongAgo),     // lapsed before its address came
         Created(4), Reserved(4)});
  EXPECT_EQ(Shipments(), std::vector<std::int64_t>{4});
  for (std::int64_t order : {1, 2, 3}) {
    const std::optional<DeliveryRecord> failed = Delivery(order);
    ASSERT_TRUE(failed) << order;
    EXPECT_EQ(failed->status, "FAILED");
    EXPECT_EQ(failed->reason, kReservationExpired);
    EXPECT_EQ(failed->address, "Seoul " + std::to_string(order));
  }
  EXPECT_EQ(Emitted(), (std::vector<std::string>{"delivery.failed.v1 1", "delivery.failed.v1 2",
                                                 "delivery.failed.v1 3"}));
  // The compensation's echo and any later event change nothing.
  Apply({Released(1), Reserved(2), Created(3)});
  EXPECT_EQ(Emitted().size(), 3u);
  EXPECT_EQ(Shipments(), std::vector<std::int64_t>{4});
}

TEST_P(DeliveryEventHandlerTest, AStartOnceDecidedStandsWhenTheReservationIsReleasedLater) {
  Apply({Created(1), Reserved(1)});
  Apply({Released(1)});
  EXPECT_EQ(Shipments(), std::vector<std::int64_t>{1});
  EXPECT_FALSE(Delivery(1));
  EXPECT_TRUE(Request(1)->reservation_released) << "recorded all the same";
  EXPECT_TRUE(Emitted().empty());
}

TEST_P(DeliveryEventHandlerTest, EventsOfOtherTopicsAreIgnoredWithoutAStatement) {
  EXPECT_EQ(Apply({MessageOf(PaymentCompleted{.order_id = 1})}), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryEventHandlerTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::delivery
