// The carrier's answers applied as the dispatcher applies a batch of them: the orders' deliveries
// read at once, then the started and the refused ones recorded with their events, a statement
// each, whatever their number; an answer for an order whose delivery is recorded changes nothing.
// On both databases.
#include "services/delivery/delivery_calls.h"

#include <gtest/gtest.h>

#include <vector>

#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "integration/services/batch_messages.h"
#include "platform/crypto/key_ring.h"
#include "platform/db/counted_database.h"
#include "services/delivery/delivery_migrations.h"
#include "services/delivery/delivery_repository.h"
#include "services/delivery/shipment_call_codec.h"

namespace sagashop::delivery {
namespace {

// Only ApplyResults is used: no shipment is asked for.
class NoCarrier final : public Carrier {
 public:
  void StartShipment(const ShipmentRequest&, CallDone<ShipmentResult>) override { ADD_FAILURE(); }
};

outcall::OutsideCall ShipmentCall(std::int64_t order_id) {
  outcall::OutsideCall call;
  call.kind = std::string(kShipmentCall);
  call.idempotency_key = ShipmentKeyFor(order_id);
  call.ordering_key = order_id;
  call.request = EncodeShipmentRequest({.idempotency_key = call.idempotency_key,
                                        .order_id = order_id,
                                        .address = "Seoul " + std::to_string(order_id)});
  call.correlation_id = "saga-" + std::to_string(order_id);
  call.id = order_id;
  return call;
}

class DeliveryCallsTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(DeliveryMigrations());
    counted_ = std::make_unique<db::CountedDatabase>(std::move(database_));
  }

  // Applies the answers in one transaction, committed; returns the statements that took.
  std::int64_t Apply(const std::vector<outcall::OutsideCall>& calls,
                     const std::vector<std::string>& results) {
    std::vector<outcall::OutsideCallHandler::Answered> answers;
    for (std::size_t i = 0; i < calls.size(); ++i) answers.push_back({&calls[i], &results[i]});
    return testing::StatementsOf(*counted_,
                                 [&](db::Transaction& tx) { calls_.ApplyResults(tx, answers); });
  }

  std::optional<DeliveryRecord> Delivery(std::int64_t order_id) {
    auto tx = counted_->Begin();
    return DeliveryRepository(*tx).FindByOrder(order_id);
  }
  std::vector<std::string> Emitted() { return testing::OutboxEvents(*counted_); }

  std::unique_ptr<db::CountedDatabase> counted_;
  NoCarrier carrier_;
  crypto::FieldCipher cipher_{crypto::KeyRing({{"k1", crypto::GenerateDataKey("k1")}}, "k1")};
  DeliveryCalls calls_{carrier_, cipher_};
};

TEST_P(DeliveryCallsTest, ABatchOfAnswersIsRecordedWithAStatementPerKindAndEachOrderOnce) {
  std::vector<outcall::OutsideCall> calls;
  std::vector<std::string> results;
  for (std::int64_t order = 1; order <= 20; ++order) {
    calls.push_back(ShipmentCall(order));
    results.push_back(EncodeShipmentResult(
        order % 4 == 0 ? ShipmentResult{.carrier = "CJ", .refusal_reason = "undeliverable address"}
                       : ShipmentResult{.accepted = true,
                                        .tracking_number = "T" + std::to_string(order),
                                        .carrier = "CJ"}));
  }
  // The read, the started deliveries and their events, the refused ones and theirs.
  EXPECT_EQ(Apply(calls, results), 5);
  const std::optional<DeliveryRecord> started = Delivery(1);
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, "STARTED");
  EXPECT_EQ(started->tracking_number, "T1");
  EXPECT_EQ(started->address, "Seoul 1");
  const std::optional<DeliveryRecord> refused = Delivery(4);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, "FAILED");
  EXPECT_EQ(refused->reason, "undeliverable address");
  EXPECT_EQ(refused->carrier, "CJ");
  const std::vector<std::string> emitted = Emitted();
  ASSERT_EQ(emitted.size(), 20u);
  EXPECT_EQ(emitted.front(), "delivery.started.v1 1");
  EXPECT_EQ(emitted.back(), "delivery.failed.v1 20");

  // Answered again (a second attempt's answer): decided already, only the read.
  EXPECT_EQ(Apply({calls[0], calls[3]}, {results[0], results[3]}), 1);
  EXPECT_EQ(Emitted().size(), 20u);
}

TEST_P(DeliveryCallsTest, OneAnswerIsTheBatchOfOne) {
  EXPECT_EQ(
      Apply({ShipmentCall(1)},
            {EncodeShipmentResult({.accepted = true, .tracking_number = "T1", .carrier = "CJ"})}),
      3);
  EXPECT_EQ(Delivery(1)->status, "STARTED");
  EXPECT_EQ(Emitted(), std::vector<std::string>{"delivery.started.v1 1"});
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryCallsTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::delivery
