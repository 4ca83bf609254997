#include "services/payment/domain/payment_batch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/payment/domain/payment_transitions.h"

namespace sagashop::payment {
namespace {

using Kind = PaymentInput::Kind;
using Decided = PaymentDecision::Kind;

constexpr PaymentInput Created(std::int64_t order_id) {
  return {.kind = Kind::kOrderCreated, .order_id = order_id};
}
constexpr PaymentInput Failed(std::int64_t order_id) {
  return {.kind = Kind::kSagaFailed, .order_id = order_id};
}

// The decisions as "charge <input>" / "refund <payment> by <input>", for comparing whole plans.
std::vector<std::string> Described(const PaymentBatchPlan& plan) {
  std::vector<std::string> described;
  for (const PaymentDecision& decision : plan.decisions) {
    described.push_back(decision.kind == Decided::kCharge
                            ? "charge " + std::to_string(decision.input)
                            : "refund " + std::to_string(decision.payment_id) + " by " +
                                  std::to_string(decision.input));
  }
  return described;
}

constexpr PaymentStatus kAllPaymentStatuses[] = {PaymentStatus::kPending, PaymentStatus::kCompleted,
                                                 PaymentStatus::kFailed, PaymentStatus::kRefunded};

// Each event alone, against an order with no payment and with one in every state: what handling
// it alone has always done.
TEST(PaymentBatchTest, EachEventInEachStateDecidesWhatHandlingItAloneWould) {
  for (const Kind kind : {Kind::kOrderCreated, Kind::kSagaFailed}) {
    const PaymentInput input{.kind = kind, .order_id = 1};
    const std::string event = kind == Kind::kOrderCreated ? "order.created" : "a failure";

    const PaymentBatchPlan none = PlanPayments({}, {&input, 1});
    EXPECT_EQ(Described(none), kind == Kind::kOrderCreated ? std::vector<std::string>{"charge 0"}
                                                           : std::vector<std::string>{})
        << event << " without a payment";
    EXPECT_FALSE(none.waiting);

    for (const PaymentStatus status : kAllPaymentStatuses) {
      const KnownPayment payment{.id = 9, .order_id = 1, .status = status};
      const PaymentBatchPlan plan = PlanPayments({&payment, 1}, {&input, 1});
      const std::string name = event + " with a " + std::string(ToString(status)) + " payment";
      if (kind == Kind::kOrderCreated) {
        EXPECT_TRUE(plan.decisions.empty()) << name << ": charged once, ever";
        EXPECT_FALSE(plan.waiting) << name;
        continue;
      }
      switch (DecideRefund(status)) {
        case RefundDecision::kRefund:
          EXPECT_EQ(Described(plan), std::vector<std::string>{"refund 9 by 0"}) << name;
          EXPECT_FALSE(plan.waiting) << name;
          break;
        case RefundDecision::kNothingToRefund:
          EXPECT_TRUE(plan.decisions.empty()) << name;
          EXPECT_FALSE(plan.waiting) << name;
          break;
        case RefundDecision::kWaitForCharge:
          EXPECT_TRUE(plan.decisions.empty()) << name;
          EXPECT_EQ(plan.waiting, 0u) << name;
          break;
      }
    }
  }
}

TEST(PaymentBatchTest, AnOrderCreatedTwiceIsChargedOnce) {
  const PaymentInput inputs[] = {Created(1), Created(2), Created(1)};
  const PaymentBatchPlan plan = PlanPayments({}, inputs);
  EXPECT_EQ(Described(plan), (std::vector<std::string>{"charge 0", "charge 1"}));
  EXPECT_FALSE(plan.waiting);
}

TEST(PaymentBatchTest, TwoFailuresOfOneOrderRefundItsPaymentOnce) {
  const KnownPayment captured{.id = 4, .order_id = 1, .status = PaymentStatus::kCompleted};
  const PaymentInput inputs[] = {Failed(1), Failed(1)};
  EXPECT_EQ(Described(PlanPayments({&captured, 1}, inputs)),
            std::vector<std::string>{"refund 4 by 0"});
}

TEST(PaymentBatchTest, AFailureAfterTheChargeItsBatchDecidedWaitsForTheAnswer) {
  // The batch's own payment is PENDING: the refund waits, as it would in a later transaction.
  const PaymentInput inputs[] = {Created(2), Created(1), Failed(1), Created(3)};
  const PaymentBatchPlan plan = PlanPayments({}, inputs);
  EXPECT_EQ(plan.waiting, 2u);
  EXPECT_EQ(Described(plan), (std::vector<std::string>{"charge 0", "charge 1"}))
      << "the plan ends at the event that waits";
}

TEST(PaymentBatchTest, AFailureBeforeItsOrderCreatedFindsNothingToRefund) {
  // Out of order within the batch: the failure came first, when there was no payment yet.
  const PaymentInput inputs[] = {Failed(1), Created(1)};
  const PaymentBatchPlan plan = PlanPayments({}, inputs);
  EXPECT_EQ(Described(plan), std::vector<std::string>{"charge 1"});
  EXPECT_FALSE(plan.waiting);
}

TEST(PaymentBatchTest, EveryCapturedPaymentOfTheOrderIsRefundedAndOtherOrdersAreLeftAlone) {
  const KnownPayment payments[] = {
      {.id = 1, .order_id = 5, .status = PaymentStatus::kFailed},
      {.id = 2, .order_id = 5, .status = PaymentStatus::kCompleted},
      {.id = 3, .order_id = 5, .status = PaymentStatus::kCompleted},
      {.id = 4, .order_id = 6, .status = PaymentStatus::kCompleted},
  };
  const PaymentInput inputs[] = {Failed(5), Created(7)};
  EXPECT_EQ(Described(PlanPayments(payments, inputs)),
            (std::vector<std::string>{"refund 2 by 0", "refund 3 by 0", "charge 1"}));
}

TEST(PaymentBatchTest, AnEmptyBatchDecidesNothing) {
  const PaymentBatchPlan plan = PlanPayments({}, {});
  EXPECT_TRUE(plan.decisions.empty());
  EXPECT_FALSE(plan.waiting);
}

}  // namespace
}  // namespace sagashop::payment
