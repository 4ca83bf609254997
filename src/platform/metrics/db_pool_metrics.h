#pragma once

#include "platform/db/counted_database.h"
#include "platform/metrics/metrics_registry.h"

namespace sagashop::metrics {

// sagashop_db_pool_wait_seconds: the observer to put in the database's configuration, so that
// every connection it hands out is timed.
db::AcquireObserver PoolWaitObserver(MetricsRegistry& registry);

// sagashop_db_pool_connections{state="in_use"|"idle"} and sagashop_db_pool_max_connections, read
// from `database` at every scrape; `database` must outlive the scrapes.
void AddPoolGauges(MetricsRegistry& registry, const db::Database& database);

// sagashop_db_statements_total and sagashop_db_transactions_total{outcome="commit"|"rollback"},
// read from `database` at every scrape; `database` must outlive the scrapes.
void AddWorkCounters(MetricsRegistry& registry, const db::CountedDatabase& database);

}  // namespace sagashop::metrics
