// The Inventory service's batch handler on both databases: reservations decided in arrival order
// until the stock runs out, halves of an order line arriving in different batches, duplicates and
// replays, unknown products, and commits, releases and retakes in the same batch as new
// reservations. Each case is a batch applied in one transaction, as the inbox applies it.
#include "services/inventory/inventory_event_handler.h"

#include <gtest/gtest.h>

#include <vector>

#include "contracts/event_codec.h"
#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "integration/services/batch_messages.h"
#include "platform/core/timestamp.h"
#include "platform/metrics/metrics_registry.h"
#include "services/inventory/inventory_migrations.h"
#include "services/inventory/inventory_repository.h"

namespace sagashop::inventory {
namespace {

using namespace sagashop::contracts;
using testing::MessageOf;

constexpr std::int64_t kWidget = 1;

bus::IncomingMessage Created(std::int64_t order, std::int64_t quantity,
                             std::int64_t product = kWidget) {
  return MessageOf(OrderCreated{.order_id = order,
                                .user_id = 1,
                                .product_id = product,
                                .quantity = quantity,
                                .amount = 100,
                                .address = "Seoul",
                                .payment_method = "CARD"});
}
bus::IncomingMessage Paid(std::int64_t order) {
  return MessageOf(PaymentCompleted{.order_id = order, .payment_id = order, .amount = 100});
}
bus::IncomingMessage Started(std::int64_t order) {
  return MessageOf(DeliveryStarted{.order_id = order, .delivery_id = order});
}
bus::IncomingMessage Failed(std::int64_t order) {
  return MessageOf(DeliveryFailed{.order_id = order, .reason = "address"});
}

class InventoryEventHandlerTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(InventoryMigrations());
  }

  void Stock(std::int64_t product, std::int64_t available) {
    auto tx = database_->Begin();
    InventoryRepository(*tx).InsertProduct(product, "p", available, NowRfc3339());
    tx->Commit();
  }

  // Applies `messages` as one batch, committed.
  void Apply(const std::vector<bus::IncomingMessage>& messages) {
    const std::vector<const bus::IncomingMessage*> batch = testing::BatchOf(messages);
    auto tx = database_->Begin();
    handler_.HandleBatch(*tx, batch);
    tx->Commit();
  }

  StockLevel Level(std::int64_t product = kWidget) {
    auto tx = database_->Begin();
    return InventoryRepository(*tx).FindStock(product)->level;
  }
  std::string ReservationOf(std::int64_t order) {
    auto tx = database_->Begin();
    const auto reservations = InventoryRepository(*tx).ListReservationsByOrder(order);
    if (reservations.empty()) return "none";
    EXPECT_EQ(reservations.size(), 1u) << "order " << order;
    return reservations.front().status + " " + std::to_string(reservations.front().quantity);
  }
  // The outbox's events since the last call, "type order" in id order.
  std::vector<std::string> TakeEmitted() {
    return testing::OutboxEvents(*database_, seen_, &seen_);
  }

  metrics::MetricsRegistry registry_{"inventory"};
  prometheus::Counter& releases_ = registry_.Counter("test_releases_total", "releases");
  StockKeeper stock_;
  InventoryEventHandler handler_{stock_, std::chrono::seconds(900), releases_};
  std::int64_t seen_ = 0;
};

TEST_P(InventoryEventHandlerTest, ABatchReservesInArrivalOrderUntilTheStockRunsOut) {
  Stock(kWidget, 5);
  // Payment first for some orders, order.created first for others: both halves in one batch.
  Apply({Created(1, 2), Paid(1), Paid(2), Created(2, 2), Created(3, 2), Paid(3), Paid(4),
         Created(4, 1)});
  EXPECT_EQ(TakeEmitted(),
            (std::vector<std::string>{"stock.reserved.v1 1", "stock.reserved.v1 2",
                                      "stock.reservation_failed.v1 3", "stock.reserved.v1 4"}));
  EXPECT_EQ(Level(), (StockLevel{0, 5}));
  EXPECT_EQ(ReservationOf(1), "RESERVED 2");
  EXPECT_EQ(ReservationOf(2), "RESERVED 2");
  EXPECT_EQ(ReservationOf(3), "none");
  EXPECT_EQ(ReservationOf(4), "RESERVED 1");
}

TEST_P(InventoryEventHandlerTest, HalvesOfAnOrderLineInDifferentBatchesDecideOnceBothAreHere) {
  Stock(kWidget, 5);
  Apply({Created(1, 1), Paid(2)});
  EXPECT_TRUE(TakeEmitted().empty());
  EXPECT_EQ(Level(), (StockLevel{5, 0}));
  Apply({Paid(1), Created(2, 3)});
  EXPECT_EQ(TakeEmitted(),
            (std::vector<std::string>{"stock.reserved.v1 1", "stock.reserved.v1 2"}));
  EXPECT_EQ(Level(), (StockLevel{1, 4}));
}

TEST_P(InventoryEventHandlerTest, RepeatedEventsInOneBatchAndLaterBatchesDecideOnce) {
  Stock(kWidget, 5);
  Apply({Created(1, 2), Paid(1), Created(1, 2), Paid(1)});
  EXPECT_EQ(TakeEmitted(), (std::vector<std::string>{"stock.reserved.v1 1"}));
  Apply({Paid(1), Created(1, 2)});
  EXPECT_TRUE(TakeEmitted().empty());
  EXPECT_EQ(Level(), (StockLevel{3, 2}));
  EXPECT_EQ(ReservationOf(1), "RESERVED 2");
}

TEST_P(InventoryEventHandlerTest, AnUnknownProductIsRefusedAndTheRestOfTheBatchGoesOn) {
  Stock(kWidget, 5);
  Apply({Created(1, 1, /*product=*/404), Paid(1), Created(2, 1), Paid(2)});
  EXPECT_EQ(TakeEmitted(),
            (std::vector<std::string>{"stock.reservation_failed.v1 1", "stock.reserved.v1 2"}));
  EXPECT_EQ(Level(), (StockLevel{4, 1}));
}

TEST_P(InventoryEventHandlerTest, CommitsReleasesAndNewReservationsShareOneBatch) {
  Stock(kWidget, 4);
  Apply({Created(1, 2), Paid(1), Created(2, 2), Paid(2)});
  EXPECT_EQ(TakeEmitted().size(), 2u);
  EXPECT_EQ(Level(), (StockLevel{0, 4}));

  // Order 1 ships, order 2's delivery fails (its units go back first), order 3 takes them.
  Apply({Started(1), Created(3, 2), Paid(3), Failed(2)});
  EXPECT_EQ(TakeEmitted(),
            (std::vector<std::string>{"stock.released.v1 2", "stock.reserved.v1 3"}));
  EXPECT_EQ(ReservationOf(1), "COMMITTED 2");
  EXPECT_EQ(ReservationOf(2), "RELEASED 2");
  EXPECT_EQ(ReservationOf(3), "RESERVED 2");
  EXPECT_EQ(Level(), (StockLevel{0, 2}));

  // The same events again change nothing.
  Apply({Started(1), Failed(2), Started(1)});
  EXPECT_TRUE(TakeEmitted().empty());
  EXPECT_EQ(Level(), (StockLevel{0, 2}));
  EXPECT_EQ(releases_.Value(), 1);
}

TEST_P(InventoryEventHandlerTest, ADeliveryStartedAfterItsReleaseTakesTheUnitsBack) {
  Stock(kWidget, 3);
  Apply({Created(1, 2), Paid(1)});
  Apply({Failed(1)});
  EXPECT_EQ(Level(), (StockLevel{3, 0}));
  Apply({Started(1), Started(404)});  // and a start of an order Inventory never saw
  EXPECT_EQ(ReservationOf(1), "COMMITTED 2");
  EXPECT_EQ(Level(), (StockLevel{1, 0}));
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryEventHandlerTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::inventory
