// The Payment service's batch handler on both databases: a batch of order.created decided with a
// fixed number of statements, duplicates, refunds, and a refund that must wait for its charge,
// alone and through the inbox. Calls are recorded, never made: the dispatcher is not started.
#include "services/payment/payment_event_handler.h"

#include <gtest/gtest.h>

#include <vector>

#include "contracts/event_codec.h"
#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "integration/services/batch_messages.h"
#include "integration/services/no_calls.h"
#include "platform/cache/memory/in_memory_idempotency_cache.h"
#include "platform/core/timestamp.h"
#include "platform/db/counted_database.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/payment/payment_call_codec.h"
#include "services/payment/payment_migrations.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

using namespace sagashop::contracts;
using testing::MessageOf;

OrderCreated Created(std::int64_t order_id) {
  return {.order_id = order_id, .amount = 100 * order_id, .payment_method = "CARD"};
}

class NoDeadLetters final : public bus::Publisher {
 public:
  std::size_t PublishBatch(std::span<const bus::OutgoingMessage>) override {
    ADD_FAILURE() << "nothing is parked";
    return 0;
  }
};

class PaymentEventHandlerTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(PaymentMigrations());
    counted_ = std::make_unique<db::CountedDatabase>(std::move(database_));
    dispatcher_ = std::make_unique<outcall::OutsideCallDispatcher>(
        *counted_, provider_, outcall::OutsideCallDispatcherConfig{}.For("payment", "test"));
    handler_ = std::make_unique<PaymentEventHandler>(*dispatcher_);
  }

  // Applies `messages` as one batch in one transaction, committed; returns the statements the
  // handler ran.
  std::int64_t Apply(const std::vector<bus::IncomingMessage>& messages) {
    return testing::StatementsOf(
        *counted_, [&](db::Transaction& tx) { handler_->Handle(tx, testing::BatchOf(messages)); });
  }

  std::vector<PaymentRecord> Payments(std::int64_t order_id) {
    auto tx = counted_->Begin();
    return PaymentRepository(*tx).FindByOrder(order_id);
  }

  void SetStatus(std::int64_t order_id, PaymentStatus status) {
    auto tx = counted_->Begin();
    tx->Execute({"test.payment_status",
                 "UPDATE payments SET status = $2, payment_gateway_tx_id = 'gw-1' "
                 "WHERE order_id = $1"},
                {order_id, std::string(ToString(status))});
    tx->Commit();
  }

  // The recorded calls, "kind key claimed|waiting" in id order.
  std::vector<std::string> Calls() {
    auto tx = counted_->Begin();
    const db::ResultSet rows = tx->Execute(
        {"test.calls", "SELECT kind, idempotency_key, in_attempt FROM outside_calls ORDER BY id"});
    std::vector<std::string> calls;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) {
      calls.push_back(rows.Text(row, 0) + " " + rows.Text(row, 1) +
                      (rows.Int64(row, 2) == 1 ? " claimed" : " waiting"));
    }
    return calls;
  }
  std::string RequestOf(const std::string& key) {
    auto tx = counted_->Begin();
    return tx
        ->Execute({"test.call_request",
                   "SELECT request FROM outside_calls WHERE "
                   "idempotency_key = $1"},
                  {key})
        .Text(0, 0);
  }

  std::unique_ptr<db::CountedDatabase> counted_;
  testing::NoCalls provider_;
  std::unique_ptr<outcall::OutsideCallDispatcher> dispatcher_;
  std::unique_ptr<PaymentEventHandler> handler_;
};

TEST_P(PaymentEventHandlerTest, ABatchOfOrdersCostsThreeStatementsWhateverItsSize) {
  std::vector<bus::IncomingMessage> batch;
  for (std::int64_t order = 1; order <= 50; ++order) batch.push_back(MessageOf(Created(order)));
  // The read, the payments, the intents: the figure a batch of one costs, too.
  EXPECT_EQ(Apply(batch), 3);
  EXPECT_EQ(Apply({MessageOf(Created(51))}), 3);
  for (std::int64_t order : {1, 50, 51}) {
    const std::vector<PaymentRecord> payments = Payments(order);
    ASSERT_EQ(payments.size(), 1u) << order;
    EXPECT_EQ(payments[0].status, PaymentStatus::kPending);
    EXPECT_EQ(payments[0].amount, 100 * order);
  }
  const std::vector<std::string> calls = Calls();
  ASSERT_EQ(calls.size(), 51u);
  EXPECT_EQ(calls.front(), "CHARGE order-1-charge claimed") << "starts when the batch commits";
  EXPECT_EQ(calls.back(), "CHARGE order-51-charge claimed");
  const ChargeRequest request = DecodeChargeRequest(RequestOf("order-7-charge"), "order-7-charge");
  EXPECT_EQ(request.order_id, 7);
  EXPECT_EQ(request.amount, 700);
  EXPECT_EQ(request.payment_type, "CARD");
}

TEST_P(PaymentEventHandlerTest, AnOrderCreatedTwiceInABatchOrAgainLaterIsChargedOnce) {
  const bus::IncomingMessage first = MessageOf(Created(1));
  Apply({first, MessageOf(Created(2)), MessageOf(Created(1))});
  EXPECT_EQ(Apply({first, MessageOf(Created(2))}), 1) << "only the read: decided already";
  EXPECT_EQ(Payments(1).size(), 1u);
  EXPECT_EQ(Payments(2).size(), 1u);
  EXPECT_EQ(Calls(), (std::vector<std::string>{"CHARGE order-1-charge claimed",
                                               "CHARGE order-2-charge claimed"}));
}

TEST_P(PaymentEventHandlerTest, AFailureRefundsACapturedPaymentOnceAndNothingElse) {
  Apply({MessageOf(Created(1)), MessageOf(Created(2)), MessageOf(Created(3))});
  SetStatus(1, PaymentStatus::kCompleted);
  SetStatus(2, PaymentStatus::kFailed);
  SetStatus(3, PaymentStatus::kRefunded);
  const std::int64_t payment = Payments(1).at(0).id;
  Apply({MessageOf(StockReservationFailed{.order_id = 1, .reason = "insufficient stock"}),
         MessageOf(DeliveryFailed{.order_id = 1, .reason = "later"}),
         MessageOf(DeliveryFailed{.order_id = 2, .reason = "declined anyway"}),
         MessageOf(StockReservationFailed{.order_id = 3, .reason = "refunded already"})});
  Apply({MessageOf(DeliveryFailed{.order_id = 1, .reason = "once more"})});
  const std::string key = RefundKeyFor(payment);
  const std::vector<std::string> calls = Calls();
  ASSERT_EQ(calls.size(), 4u);
  // The charge of order 1 is DONE at the provider but still PENDING in outside_calls here: the
  // refund waits its turn behind it (an older call of its ordering key).
  EXPECT_EQ(calls.back(), "REFUND " + key + " waiting");
  const RefundIntent intent = DecodeRefundIntent(RequestOf(key), key);
  EXPECT_EQ(intent.payment_id, payment);
  EXPECT_EQ(intent.reason, "insufficient stock") << "the first failure's reason";
  EXPECT_EQ(intent.request.gateway_tx_id, "gw-1");
  EXPECT_EQ(intent.request.amount, 100);
}

TEST_P(PaymentEventHandlerTest,
       ARefundWaitingForItsChargeFailsTheBatchAsTransientAndDecidesNothing) {
  Apply({MessageOf(Created(1))});  // PENDING: its charge is with the provider
  const std::vector<std::string> before = Calls();
  auto tx = counted_->Begin();
  const bus::IncomingMessage created = MessageOf(Created(2));
  const bus::IncomingMessage failed = MessageOf(DeliveryFailed{.order_id = 1, .reason = "r"});
  const bus::IncomingMessage* batch[] = {&created, &failed};
  try {
    handler_->Handle(*tx, batch);
    FAIL() << "expected inbox::TransientError";
  } catch (const inbox::TransientError& error) {
    EXPECT_STREQ(error.what(), "order 1: its charge is still with the provider");
  }
  tx.reset();  // rolled back, as the inbox does
  EXPECT_TRUE(Payments(2).empty());
  EXPECT_EQ(Calls(), before);
}

// Through the inbox: the batch fails as transient, the inbox applies its events one at a time,
// commits those before the one that waits and has the bus deliver the batch again; once the
// charge is answered, the redelivery refunds and applies the rest, each event once.
TEST_P(PaymentEventHandlerTest, ThroughTheInboxOnlyTheEventThatWaitsIsTriedAgain) {
  Apply({MessageOf(Created(1))});
  cache::InMemoryIdempotencyCache cache;
  NoDeadLetters dead_letters;
  inbox::InboxConsumer consumer(
      *counted_, cache, dead_letters, {.consumer = "payment"},
      inbox::BatchHandler(
          [this](db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages) {
            handler_->Handle(tx, messages);
          }));
  const std::vector<bus::IncomingMessage> batch = {
      MessageOf(Created(2)), MessageOf(StockReservationFailed{.order_id = 1, .reason = "r"}),
      MessageOf(Created(3))};
  EXPECT_THROW(consumer.HandleBatch(batch), inbox::TransientError);
  EXPECT_EQ(Payments(2).size(), 1u) << "before the one that waits: committed";
  EXPECT_TRUE(Payments(3).empty()) << "after it: delivered again with it";

  SetStatus(1, PaymentStatus::kCompleted);
  consumer.HandleBatch(batch);
  EXPECT_EQ(Payments(2).size(), 1u);
  EXPECT_EQ(Payments(3).size(), 1u);
  EXPECT_EQ(Calls(), (std::vector<std::string>{
                         "CHARGE order-1-charge claimed", "CHARGE order-2-charge claimed",
                         "REFUND " + RefundKeyFor(Payments(1).at(0).id) + " waiting",
                         "CHARGE order-3-charge claimed"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentEventHandlerTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::payment
