#include "platform/metrics/db_pool_metrics.h"

#include "platform/metrics/metric_buckets.h"

namespace sagashop::metrics {

db::AcquireObserver PoolWaitObserver(MetricsRegistry& registry) {
  prometheus::Histogram& waits = registry.Histogram(
      "sagashop_db_pool_wait_seconds",
      "Time to get a database connection from the pool (SQLite: the writer's turn too).",
      PoolWaitBuckets());
  return [&waits](std::chrono::steady_clock::duration waited) {
    waits.Observe(std::chrono::duration<double>(waited).count());
  };
}

void AddPoolGauges(MetricsRegistry& registry, const db::Database& database) {
  registry.AddSampled("sagashop_db_pool_connections", "Database connections, in use or idle.",
                      prometheus::MetricType::Gauge, [&database] {
                        const db::PoolStats stats = database.GetPoolStats();
                        return std::vector<Sample>{{{{"state", "in_use"}}, double(stats.in_use)},
                                                   {{{"state", "idle"}}, double(stats.idle)}};
                      });
  registry.AddSampledGauge(
      "sagashop_db_pool_max_connections", "The most database connections the pool opens.",
      [&database] { return static_cast<double>(database.GetPoolStats().max_open); });
}

void AddWorkCounters(MetricsRegistry& registry, const db::CountedDatabase& database) {
  registry.AddSampledCounter(
      "sagashop_db_statements_total",
      "Requests sent to the database: BEGIN, statements, COMMIT and ROLLBACK.",
      [&database] { return static_cast<double>(database.GetWorkStats().statements); });
  registry.AddSampled("sagashop_db_transactions_total", "Database transactions, by how they ended.",
                      prometheus::MetricType::Counter, [&database] {
                        const db::WorkStats stats = database.GetWorkStats();
                        return std::vector<Sample>{
                            {{{"outcome", "commit"}}, double(stats.commits)},
                            {{{"outcome", "rollback"}}, double(stats.rollbacks)}};
                      });
}

}  // namespace sagashop::metrics
