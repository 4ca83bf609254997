#pragma once

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"
#include "platform/outcall/outside_call_dispatcher.h"

namespace sagashop::outcall {

// Registers the metrics of a service's calls to one provider (docs/operations.md), read from
// `dispatcher` and `database` at scrape time; both must outlive the registry's scrapes.
void AddOutsideCallMetrics(metrics::MetricsRegistry& registry,
                           const OutsideCallDispatcher& dispatcher, db::Database& database);

}  // namespace sagashop::outcall
