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

}  // namespace sagashop::metrics
