#include "app/dependency_checks.h"

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>

namespace sagashop::app {
namespace {

// Runs `probe` (which returns a detail, or throws why the dependency is down) and times it.
template <typename Probe>
boost::json::object TimedCheck(Probe&& probe) {
  const auto start = std::chrono::steady_clock::now();
  boost::json::object check;
  try {
    std::string detail = probe();
    check["status"] = "UP";
    if (!detail.empty()) check["detail"] = detail;
  } catch (const std::exception& error) {
    check["status"] = "DOWN";
    check["detail"] = error.what();
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  check["latencyMs"] = std::chrono::duration<double, std::milli>(elapsed).count();
  return check;
}

bool IsUp(const boost::json::object& check) {
  return check.at("status") == "UP";
}

}  // namespace

const char* DependencyReport::ReadinessStatus() const {
  if (!Ready()) return "DOWN";
  return cache_up ? "UP" : "DEGRADED";
}

DependencyReport CheckDependencies(db::Database& database, bus::EventBus& bus,
                                   cache::IdempotencyCache& cache) {
  DependencyReport report;
  // At once, so that one slow dependency does not add to another's wait: the probe answers
  // within the slowest adapter timeout, not their sum.
  auto database_probe = std::async(std::launch::async, [&] {
    return TimedCheck([&] {
      database.Ping();
      return std::string();
    });
  });
  auto bus_probe = std::async(std::launch::async, [&] {
    return TimedCheck([&] {
      const bus::BusHealth health = bus.CheckHealth();
      if (!health.reachable) throw std::runtime_error(health.detail);
      return health.detail;
    });
  });
  boost::json::object cache_check = TimedCheck([&] {
    const cache::CacheHealth health = cache.CheckHealth();
    if (!health.reachable) throw std::runtime_error(health.detail);
    return health.detail;
  });
  boost::json::object database_check = database_probe.get();
  boost::json::object bus_check = bus_probe.get();
  report.database_up = IsUp(database_check);
  report.bus_up = IsUp(bus_check);
  report.cache_up = IsUp(cache_check);
  if (!report.cache_up) cache_check["status"] = "DEGRADED";
  report.checks["database"] = std::move(database_check);
  report.checks["bus"] = std::move(bus_check);
  report.checks["cache"] = std::move(cache_check);
  return report;
}

}  // namespace sagashop::app
