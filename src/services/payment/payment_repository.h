#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/db/transaction.h"
#include "services/payment/domain/payment_status.h"
#include "services/payment/domain/payment_transitions.h"

namespace sagashop::payment {

struct PaymentRecord {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
  std::string payment_type;
  PaymentStatus status = PaymentStatus::kPending;
  std::optional<std::string> gateway_tx_id;
  std::optional<std::string> reason;
  std::string created_at;
  std::string updated_at;
  std::optional<std::int64_t> user_id;  // whose order it is; empty on payments from before
};

struct NewPayment {
  std::int64_t order_id = 0;
  std::int64_t user_id = 0;
  std::int64_t amount = 0;
  std::string payment_type;
  PaymentStatus status = PaymentStatus::kPending;
  std::string idempotency_key;
  std::optional<std::string> gateway_tx_id;
  std::optional<std::string> reason;
};

// The answer to the charge keyed `idempotency_key`, for SettleCharges.
struct ChargeToSettle {
  std::string idempotency_key;
  ChargeSettlement settlement;
};

// The payments table, within one transaction.
class PaymentRepository {
 public:
  explicit PaymentRepository(db::Transaction& tx) : tx_(tx) {}

  std::optional<PaymentRecord> FindPayment(std::int64_t payment_id);
  std::vector<PaymentRecord> FindByOrder(std::int64_t order_id);
  // The payments of all of `order_ids` with one statement, by order id, then id.
  std::vector<PaymentRecord> FindByOrders(std::span<const std::int64_t> order_ids);
  // Inserts `payments` with one statement; returns the new ids by order id. A payment whose
  // idempotency key exists already (another consumer decided it meanwhile) is left out.
  std::map<std::int64_t, std::int64_t> InsertPayments(std::span<const NewPayment> payments,
                                                      const std::string& now);
  // PENDING -> COMPLETED or FAILED, as the answer to the charge keyed `idempotency_key` says.
  // The payment as settled, or nullopt when it was not PENDING (settled already).
  std::optional<PaymentRecord> SettleCharge(const std::string& idempotency_key,
                                            const ChargeSettlement& settlement,
                                            const std::string& now);
  // SettleCharge for many charges with one statement: the payments settled, those not PENDING
  // left out.
  std::vector<PaymentRecord> SettleCharges(std::span<const ChargeToSettle> charges,
                                           const std::string& now);
  // COMPLETED -> REFUNDED, at most once. False when the payment was not COMPLETED.
  bool MarkRefunded(std::int64_t payment_id, const std::string& reason,
                    const std::string& refund_tx_id, const std::string& now);

 private:
  db::Transaction& tx_;
};

// The idempotency key of an order's charge: one charge per order, ever.
inline std::string ChargeKeyFor(std::int64_t order_id) {
  return "order-" + std::to_string(order_id) + "-charge";
}

// The idempotency key of a payment's refund: one refund per payment, ever.
inline std::string RefundKeyFor(std::int64_t payment_id) {
  return "payment-" + std::to_string(payment_id) + "-refund";
}

}  // namespace sagashop::payment
