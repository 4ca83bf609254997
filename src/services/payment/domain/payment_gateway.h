#pragma once

#include <cstdint>
#include <string>

#include "platform/core/call_outcome.h"

namespace sagashop::payment {

// The outside world's payment provider (a port). Every call carries an idempotency key: the
// provider answers a repeated key with the original outcome, so a call retried after a timeout or
// a crash can never charge or refund twice.
struct ChargeRequest {
  std::string idempotency_key;
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
  std::string payment_type;
};

struct ChargeResult {
  bool approved = false;
  std::string gateway_tx_id;   // when approved
  std::string decline_reason;  // when declined
};

struct RefundRequest {
  std::string idempotency_key;
  std::string gateway_tx_id;  // the charge being refunded
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
};

struct RefundResult {
  std::string refund_tx_id;
};

// Calls are asynchronous: each returns at once and answers through `done` exactly once, so many
// are in flight together and none holds a thread while the provider thinks. The caller bounds
// how long it waits; an answer that comes after it gave up is ignored by it.
class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  virtual void Charge(const ChargeRequest& request, CallDone<ChargeResult> done) = 0;
  // Refunding a charge that was refunded already answers with the original refund.
  virtual void Refund(const RefundRequest& request, CallDone<RefundResult> done) = 0;
};

}  // namespace sagashop::payment
