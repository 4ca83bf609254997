#pragma once

#include <boost/json/object.hpp>

#include "platform/bus/event_bus.h"
#include "platform/cache/idempotency_cache.h"
#include "platform/db/database.h"

namespace sagashop::app {

// One look at what a service depends on, as GET /health and GET /ready report it:
//   {"database":{"status":"UP","latencyMs":0.4},"bus":{...},"cache":{...}}
// Each check has a status (UP or DOWN; the cache DEGRADED instead of DOWN, since without it the
// inbox still guards every event, only slower), its latency in milliseconds, and a detail when
// the adapter has one (e.g. the error). The three probes run at once, each bounded by its
// adapter's own timeout (database connect and pool acquire, 5 s each; Kafka's health timeout,
// 1 s; Redis's command timeout, 200 ms).
struct DependencyReport {
  boost::json::object checks;
  bool database_up = false;
  bool bus_up = false;
  bool cache_up = false;

  // A service takes work when its database and its bus answer; the cache only speeds it up.
  bool Ready() const { return database_up && bus_up; }
  // "UP", "DEGRADED" (ready, cache down) or "DOWN" (not ready).
  const char* ReadinessStatus() const;
};

DependencyReport CheckDependencies(db::Database& database, bus::EventBus& bus,
                                   cache::IdempotencyCache& cache);

}  // namespace sagashop::app
