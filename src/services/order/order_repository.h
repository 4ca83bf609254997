#pragma once

#include <cstdint>
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
  std::string address;
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
  std::string event_id;
  std::string event_type;
  std::string service;
  std::string outcome;  // "applied: <status>" or "ignored: ..."
  std::string occurred_at;
  std::string recorded_at;
};

struct OrderListFilter {
  std::optional<std::int64_t> user_id;
  std::optional<OrderStatus> status;
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

  // The semantic lock: moves the order to `target` only from one of AllowedSources(target), keeping
  // the first reason recorded. False when the order was not in such a state.
  bool TransitionOrder(std::int64_t order_id, OrderStatus target, const std::string& reason,
                       const std::string& now);
  void UpdateSaga(const std::string& saga_id, std::string_view status,
                  std::string_view current_step, const std::string& now);
  // Idempotent: a step is recorded once per event id.
  void RecordStep(const std::string& saga_id, std::int64_t order_id, const SagaStepRecord& step);

  std::optional<SagaRecord> FindSagaByOrder(std::int64_t order_id);
  // Sagas still STARTED or COMPENSATING whose last step is older than `idle_since` (RFC 3339),
  // longest idle first.
  std::vector<SagaRecord> ListStuckSagas(const std::string& idle_since, int limit);
  std::int64_t CountStuckSagas(const std::string& idle_since);
  std::vector<SagaStepRecord> ListSteps(const std::string& saga_id);

 private:
  db::Transaction& tx_;
};

// Moves those of `order_ids` still PENDING to PAYMENT_PROCESSING (the semantic lock: from PENDING
// only), in one statement of its own; idempotent.
void MarkPaymentProcessing(db::Database& database, std::span<const std::int64_t> order_ids,
                           const std::string& now);

}  // namespace sagashop::order
