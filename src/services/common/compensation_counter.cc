#include "services/common/compensation_counter.h"

namespace sagashop::services {

prometheus::Counter& CompensationCounter(metrics::MetricsRegistry& registry,
                                         const std::string& kind) {
  return registry
      .CounterFamily("sagashop_compensations_total",
                     "Compensating transactions applied (each at most once per order), by kind.")
      .Add({{"kind", kind}});
}

}  // namespace sagashop::services
