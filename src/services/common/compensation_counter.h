#pragma once

#include <prometheus/counter.h>

#include <string>

#include "platform/metrics/metrics_registry.h"

namespace sagashop::services {

// sagashop_compensations_total{kind}: compensating transactions applied, "refund" (Payment) or
// "stock_release" (Inventory). The caller counts one once its transaction committed
// (db::Transaction::OnCommit).
prometheus::Counter& CompensationCounter(metrics::MetricsRegistry& registry,
                                         const std::string& kind);

}  // namespace sagashop::services
