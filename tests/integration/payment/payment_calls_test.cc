// The answers of Payment's calls applied as the dispatcher applies a batch of them: the charges
// settle with one statement and emit with one more, whatever their number; a charge whose payment
// is no longer pending changes nothing. On both databases.
#include "services/payment/payment_calls.h"

#include <gtest/gtest.h>

#include <vector>

#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "integration/services/batch_messages.h"
#include "platform/db/counted_database.h"
#include "platform/metrics/metrics_registry.h"
#include "services/common/compensation_counter.h"
#include "services/payment/payment_call_codec.h"
#include "services/payment/payment_migrations.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

// Only ApplyResults is used: no call is made.
class NoGateway final : public PaymentGateway {
 public:
  void Charge(const ChargeRequest&, CallDone<ChargeResult>) override { ADD_FAILURE(); }
  void Refund(const RefundRequest&, CallDone<RefundResult>) override { ADD_FAILURE(); }
};

class PaymentCallsTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(PaymentMigrations());
    counted_ = std::make_unique<db::CountedDatabase>(std::move(database_));
  }

  // A PENDING payment for `order_id` and its charge call, as order.created.v1 leaves them.
  outcall::OutsideCall Charged(std::int64_t order_id) {
    auto tx = counted_->Begin();
    const NewPayment payment{.order_id = order_id,
                             .amount = 100 * order_id,
                             .payment_type = "CARD",
                             .idempotency_key = ChargeKeyFor(order_id)};
    PaymentRepository(*tx).InsertPayments({&payment, 1}, "2026-12-01T00:00:00.000000Z");
    tx->Commit();
    outcall::OutsideCall call;
    call.kind = std::string(kChargeCall);
    call.idempotency_key = ChargeKeyFor(order_id);
    call.ordering_key = order_id;
    call.correlation_id = "saga-" + std::to_string(order_id);
    call.id = order_id;
    return call;
  }

  // Applies the answers in one transaction, committed; returns the statements that took.
  std::int64_t Apply(const std::vector<outcall::OutsideCall>& calls,
                     const std::vector<std::string>& results) {
    std::vector<outcall::OutsideCallHandler::Answered> answers;
    for (std::size_t i = 0; i < calls.size(); ++i) answers.push_back({&calls[i], &results[i]});
    return testing::StatementsOf(*counted_,
                                 [&](db::Transaction& tx) { calls_.ApplyResults(tx, answers); });
  }

  PaymentRecord PaymentOf(std::int64_t order_id) {
    auto tx = counted_->Begin();
    return PaymentRepository(*tx).FindByOrder(order_id).at(0);
  }
  std::vector<std::string> Emitted() { return testing::OutboxEvents(*counted_); }

  std::unique_ptr<db::CountedDatabase> counted_;
  NoGateway gateway_;
  metrics::MetricsRegistry registry_{"payment"};
  PaymentCalls calls_{gateway_, services::CompensationCounter(registry_, "refund")};
};

TEST_P(PaymentCallsTest, ABatchOfChargeAnswersSettlesWithTwoStatementsAndEmitsEachOnce) {
  std::vector<outcall::OutsideCall> calls;
  std::vector<std::string> results;
  for (std::int64_t order = 1; order <= 30; ++order) {
    calls.push_back(Charged(order));
    results.push_back(EncodeChargeResult(
        order % 3 == 0
            ? ChargeResult{.decline_reason = "card declined"}
            : ChargeResult{.approved = true, .gateway_tx_id = "gw-" + std::to_string(order)}));
  }
  EXPECT_EQ(Apply(calls, results), 2) << "the settlement and the outbox";
  EXPECT_EQ(PaymentOf(1).status, PaymentStatus::kCompleted);
  EXPECT_EQ(PaymentOf(1).gateway_tx_id, "gw-1");
  EXPECT_EQ(PaymentOf(3).status, PaymentStatus::kFailed);
  EXPECT_EQ(PaymentOf(3).reason, "card declined");
  const std::vector<std::string> emitted = Emitted();
  ASSERT_EQ(emitted.size(), 30u);
  EXPECT_EQ(emitted[0], "payment.completed.v1 1");
  EXPECT_EQ(emitted[2], "payment.failed.v1 3");

  // Answered again (a second attempt's answer): settled already, nothing changes.
  EXPECT_EQ(Apply({calls[0], calls[1]}, {results[0], results[1]}), 1);
  EXPECT_EQ(Emitted().size(), 30u);
}

TEST_P(PaymentCallsTest, OneAnswerIsTheBatchOfOne) {
  const outcall::OutsideCall call = Charged(1);
  calls_.ApplyResult(*counted_->Begin(), call, EncodeChargeResult({.approved = true}));
  EXPECT_EQ(PaymentOf(1).status, PaymentStatus::kPending) << "rolled back: not committed";
  EXPECT_EQ(Apply({call}, {EncodeChargeResult({.approved = true, .gateway_tx_id = "gw"})}), 2);
  EXPECT_EQ(PaymentOf(1).status, PaymentStatus::kCompleted);
  EXPECT_EQ(Emitted(), std::vector<std::string>{"payment.completed.v1 1"});
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentCallsTest, testing::EveryBackend(), testing::BackendName);

}  // namespace
}  // namespace sagashop::payment
