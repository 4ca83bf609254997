#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "services/payment/domain/payment_status.h"

namespace sagashop::payment {

// A payment as read before the batch: all of the batch's orders' payments are read at once.
struct KnownPayment {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  PaymentStatus status = PaymentStatus::kPending;
};

// An event of the batch, as Payment reads it.
struct PaymentInput {
  enum class Kind {
    kOrderCreated,  // order.created.v1: charge the order, once
    kSagaFailed,    // stock.reservation_failed.v1, delivery.failed.v1: give back what was captured
  };
  Kind kind = Kind::kOrderCreated;
  std::int64_t order_id = 0;
};

// A call to the provider the batch decides.
struct PaymentDecision {
  enum class Kind {
    kCharge,  // a new PENDING payment for the order, and its charge
    kRefund,  // the refund of a captured payment
  };
  Kind kind = Kind::kCharge;
  std::size_t input = 0;        // the event that decided it
  std::int64_t payment_id = 0;  // kRefund: the payment given back
};

struct PaymentBatchPlan {
  std::vector<PaymentDecision> decisions;  // in input order
  // The first event whose refund must wait for its charge's answer (RefundDecision::
  // kWaitForCharge). The plan ends there: the batch has to be tried again later.
  std::optional<std::size_t> waiting;
};

// Decides the batch's calls as handling its events one at a time would: an order is charged once
// (a payment read, or created by an earlier event of the batch, means it was decided), and a
// failure refunds each captured payment of its order once (a refund decided by an earlier event
// of the batch is not decided again; one decided by an earlier batch is left out by its
// idempotency key when it is recorded). A payment created by the batch is still PENDING, so a
// failure after it in the same batch waits. `payments` in id order. Pure: no I/O.
PaymentBatchPlan PlanPayments(std::span<const KnownPayment> payments,
                              std::span<const PaymentInput> inputs);

}  // namespace sagashop::payment
