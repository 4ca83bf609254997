#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/db/database.h"
#include "platform/db/transaction.h"
#include "services/order/create_order_request.h"
#include "services/order/domain/order_status.h"

namespace sagashop::order {

struct OrderRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::int64_t amount = 0;
  std::string address;  // as stored: sealed (crypto::FieldCipher), or clear from before sealing
  std::string payment_method;
  OrderStatus status = OrderStatus::kPending;
  std::optional<std::string> reason;
  std::string saga_id;
  std::optional<std::string> request_fingerprint;
  std::string created_at;  // RFC 3339
  std::string updated_at;
};

struct SagaRecord {
  std::string saga_id;
  std::string saga_type;
  std::int64_t order_id = 0;
  std::string status;
  std::optional<std::string> current_step;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> trace_id;  // the W3C trace it began in; none before it was kept
};

struct SagaStepRecord {
  std::string saga_id;
  std::int64_t order_id = 0;
  std::string event_id;
  std::string event_type;
  std::string service;
  std::string outcome;  // "applied: <status>" or "ignored: ..."
  std::string occurred_at;
  std::string recorded_at;
};

// A guarded move of one order, as MoveOrders applies it.
struct OrderMoveRecord {
  std::int64_t order_id = 0;
  OrderStatus from = OrderStatus::kPending;  // as read: the guard
  OrderStatus to = OrderStatus::kPending;
  std::optional<std::string> reason;  // the order's reason after the move
  int moves = 1;                      // transitions, for the row's version
};

struct SagaUpdateRecord {
  std::string saga_id;
  std::string status;
  std::string current_step;
};

struct OrderListFilter {
  std::optional<std::int64_t> user_id;
  std::optional<OrderStatus> status;
  // Created at or after, and before, these times (RFC 3339 as FormatRfc3339 writes it).
  std::optional<std::string> created_since;
  std::optional<std::string> created_until;
  std::int64_t after_id = 0;  // keyset pagination: ids greater than this
  int limit = 50;
};

// The Order service's tables, within one transaction.
class OrderRepository {
 public:
  explicit OrderRepository(db::Transaction& tx) : tx_(tx) {}

  std::optional<OrderRecord> FindOrder(std::int64_t order_id);
  std::vector<OrderRecord> ListOrders(const OrderListFilter& filter);

  // Returns the new order's id.
  std::int64_t InsertOrder(const CreateOrderRequest& request, const std::string& saga_id,
                           const std::string& now);
  void InsertSaga(const std::string& saga_id, std::int64_t order_id, const std::string& now,
                  const std::string& trace_id = "");

  // A group of new orders with one statement each (group commit of POST /orders).
  struct NewOrder {
    const CreateOrderRequest* request = nullptr;
    std::string saga_id;
    std::string trace_id;        // "" when none
    std::string sealed_address;  // the request's address as it rests (crypto::FieldCipher)
  };
  // Returns each new order's id by its saga id.
  std::map<std::string, std::int64_t> InsertOrders(std::span<const NewOrder> orders,
                                                   const std::string& now);
  // The saga instances of `orders`, whose ids `ids` holds by saga id.
  void InsertSagas(std::span<const NewOrder> orders, const std::map<std::string, std::int64_t>& ids,
                   const std::string& now);

  // The orders of `order_ids` that exist, read for a batch of events; on PostgreSQL locked (in id
  // order, so that two batches never wait for each other in a circle) until the transaction ends.
  std::vector<OrderRecord> LockOrders(std::span<const std::int64_t> order_ids);
  // The semantic lock for a batch, one statement: moves each order from the status it was read in
  // (`from`) to `to`. Returns how many moved; fewer than asked means an order changed meanwhile.
  std::int64_t MoveOrders(std::span<const OrderMoveRecord> moves, const std::string& now);
  void UpdateSagas(std::span<const SagaUpdateRecord> updates, const std::string& now);
  // One statement; idempotent: a step is recorded once per event id.
  void RecordSteps(std::span<const SagaStepRecord> steps);

  std::optional<SagaRecord> FindSagaByOrder(std::int64_t order_id);
  // Sagas still STARTED or COMPENSATING whose last step is older than `idle_since` (RFC 3339),
  // longest idle first.
  std::vector<SagaRecord> ListStuckSagas(const std::string& idle_since, int limit);
  std::int64_t CountStuckSagas(const std::string& idle_since);
  // Sagas STARTED or COMPENSATING (an index holds just those).
  std::int64_t CountSagasInFlight();
  std::vector<SagaStepRecord> ListSteps(const std::string& saga_id);

 private:
  db::Transaction& tx_;
};

// The statement that moves those of `order_ids` still PENDING to PAYMENT_PROCESSING (the semantic
// lock: from PENDING only); idempotent.
db::Statement MarkPaymentProcessing(db::Dialect dialect, std::span<const std::int64_t> order_ids,
                                    const std::string& now);

}  // namespace sagashop::order
