#pragma once

#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include <array>
#include <chrono>

#include "platform/metrics/metrics_registry.h"
#include "services/order/domain/failure_reason.h"
#include "services/order/domain/order_status.h"

namespace sagashop::order {

// The Order service's business metrics, registered once. Callers count a change only after its
// transaction committed (db::Transaction::OnCommit), so a rerun unit of work counts once.
//   sagashop_orders_created_total, sagashop_orders_completed_total,
//   sagashop_orders_canceled_total{reason}, sagashop_saga_failures_total{reason},
//   sagashop_saga_duration_seconds{outcome}
class OrderMetrics {
 public:
  explicit OrderMetrics(metrics::MetricsRegistry& registry);

  void OrderCreated() { created_.Increment(); }

  // A saga reached `final_status` (COMPLETED or CANCELED; `reason` counts only for CANCELED)
  // `duration` after its order was created.
  void SagaEnded(OrderStatus final_status, FailureReason reason,
                 std::chrono::duration<double> duration);

 private:
  static constexpr std::size_t kReasons = kAllFailureReasons.size();

  prometheus::Counter& created_;
  prometheus::Counter& completed_;
  std::array<prometheus::Counter*, kReasons> canceled_{};
  std::array<prometheus::Counter*, kReasons> failures_{};
  prometheus::Histogram& completed_duration_;
  prometheus::Histogram& canceled_duration_;
};

}  // namespace sagashop::order
