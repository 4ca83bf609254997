#include "services/order/saga_admission.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "platform/db/run_in_transaction.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

std::int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SagaAdmission::SagaAdmission(db::Database& database, Config config,
                             metrics::MetricsRegistry& metrics)
    : database_(database),
      config_(config),
      refused_(metrics.Counter(
          "sagashop_orders_refused_total",
          "POST /orders refused with 503 before anything was written, because as many sagas as "
          "--max-sagas-in-flight were under way.")) {
  metrics.AddSampledGauge("sagashop_sagas_in_flight",
                          "Sagas under way (STARTED or COMPENSATING); POST /orders is refused "
                          "while there are --max-sagas-in-flight of them.",
                          [this] { return static_cast<double>(CountInFlight()); });
  if (config_.max_in_flight == 0) {
    spdlog::warn(
        "admission control is off (--max-sagas-in-flight=0): an overload queues orders without "
        "bound and no saga finishes until it has passed");
  }
}

bool SagaAdmission::TryAdmit() {
  if (config_.max_in_flight == 0) return true;
  RefreshIfStale();
  const std::int64_t admitted = admitted_.fetch_add(1) + 1;
  if (counted_.load() + admitted <= config_.max_in_flight) return true;
  admitted_.fetch_sub(1);
  return false;
}

std::int64_t SagaAdmission::CountInFlight() {
  return db::RunReadTransaction(
      database_, [](db::Transaction& tx) { return OrderRepository(tx).CountSagasInFlight(); });
}

void SagaAdmission::RefreshIfStale() {
  const std::int64_t now = SteadyNowNs();
  if (now < next_refresh_ns_.load()) return;
  std::unique_lock lock(refreshing_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another request is refreshing: use what is counted
  try {
    // An order admitted but not yet committed as the count is read is missed by it: the bound
    // may be overshot by the requests in progress at a refresh.
    admitted_.store(0);
    counted_.store(CountInFlight());
  } catch (const std::exception& failure) {
    // The order's own transaction will meet the same trouble and answer for it.
    spdlog::warn("admission: could not count the sagas under way: {}", failure.what());
  }
  next_refresh_ns_.store(
      now + std::chrono::duration_cast<std::chrono::nanoseconds>(config_.refresh).count());
}

}  // namespace sagashop::order
