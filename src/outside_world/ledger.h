#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "outside_world/calls.h"
#include "outside_world/ledger_records.h"
#include "platform/db/database.h"

namespace sagashop::outside_world {

// Why the ledger would not record a call. Nothing was written.
class LedgerRefusal : public std::runtime_error {
 public:
  enum class Reason {
    kKeyReused,      // the idempotency key was answered before, for a different request
    kUnknownCharge,  // a refund of a charge the ledger does not hold
    kNotRefundable,  // a refund of a declined charge, or of more than was charged
  };
  LedgerRefusal(Reason reason, const std::string& detail)
      : std::runtime_error(detail), reason_(reason) {}
  Reason GetReason() const { return reason_; }

 private:
  Reason reason_;
};

// The simulator's durable memory. Each call runs in one transaction that looks the key up and
// records the new entry, committed before the caller answers, so an answer once given is given
// again for the same key, also after a crash. Thread-safe (the database serializes writers).
class Ledger {
 public:
  // Applies the ledger's migrations.
  explicit Ledger(db::Database& database);

  // `decline_reason` is the verdict for a new charge (nullopt: approved).
  Answered<ChargeRecord> Charge(const ChargeCall& call,
                                const std::optional<std::string>& decline_reason);
  // A charge refunded before under another key answers with that refund: at most one per charge.
  Answered<RefundRecord> Refund(const RefundCall& call);
  // `refusal_reason` is the verdict for a new shipment (nullopt: accepted).
  Answered<ShipmentRecord> Ship(const ShipmentCall& call,
                                const std::optional<std::string>& refusal_reason);

  std::optional<ChargeRecord> FindCharge(const std::string& idempotency_key);
  std::optional<ShipmentRecord> FindShipment(const std::string& idempotency_key);

  OrderCounts CountsOf(std::int64_t order_id);
  LedgerTotals Totals();

 private:
  db::Database& database_;
};

}  // namespace sagashop::outside_world
