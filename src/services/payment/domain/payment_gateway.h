#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sagashop::payment {

// The outside world's payment provider (a port). Calls carry an idempotency key, so a retried call
// after a crash returns the original outcome instead of charging twice.
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

// The provider could not be reached or answered with a temporary error; retrying may succeed. A
// business decline is a ChargeResult, never this.
class GatewayUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  virtual ChargeResult Charge(const ChargeRequest& request) = 0;
  // Returns the provider's refund id. Refunding the same transaction twice is a no-op there.
  virtual std::string Refund(const std::string& gateway_tx_id, std::int64_t amount) = 0;
};

}  // namespace sagashop::payment
