#include "services/order/order_metrics.h"

#include <string>

#include "platform/metrics/metric_buckets.h"

namespace sagashop::order {
namespace {

constexpr const char* kDurationName = "sagashop_saga_duration_seconds";
constexpr const char* kDurationHelp =
    "Sagas from the order's creation to its final state, by outcome.";

}  // namespace

OrderMetrics::OrderMetrics(metrics::MetricsRegistry& registry)
    : created_(registry.Counter("sagashop_orders_created_total", "Orders accepted.")),
      completed_(registry.Counter("sagashop_orders_completed_total",
                                  "Orders whose saga completed: paid, reserved, shipped.")),
      completed_duration_(registry.HistogramFamily(kDurationName, kDurationHelp)
                              .Add({{"outcome", "completed"}}, metrics::SagaDurationBuckets())),
      canceled_duration_(registry.HistogramFamily(kDurationName, kDurationHelp)
                             .Add({{"outcome", "canceled"}}, metrics::SagaDurationBuckets())) {
  auto& canceled = registry.CounterFamily("sagashop_orders_canceled_total",
                                          "Orders canceled, by why their saga failed.");
  auto& failures = registry.CounterFamily(
      "sagashop_saga_failures_total",
      "Sagas that ended in compensation (the order canceled, what was done undone), by reason.");
  for (const FailureReason reason : kAllFailureReasons) {
    const std::string label(ToLabel(reason));
    canceled_[static_cast<std::size_t>(reason)] = &canceled.Add({{"reason", label}});
    failures_[static_cast<std::size_t>(reason)] = &failures.Add({{"reason", label}});
  }
}

void OrderMetrics::SagaEnded(OrderStatus final_status, FailureReason reason,
                             std::chrono::duration<double> duration) {
  if (final_status == OrderStatus::kCompleted) {
    completed_.Increment();
    completed_duration_.Observe(duration.count());
  } else if (final_status == OrderStatus::kCanceled) {
    canceled_[static_cast<std::size_t>(reason)]->Increment();
    failures_[static_cast<std::size_t>(reason)]->Increment();
    canceled_duration_.Observe(duration.count());
  }
}

}  // namespace sagashop::order
