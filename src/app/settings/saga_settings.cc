#include "app/settings/saga_settings.h"

#include <cmath>

#include "app/settings/require.h"

namespace sagashop::app {

void SagaSettings::Validate() const {
  Require(reservation_ttl_seconds >= 1, "--reservation-ttl-seconds must be at least 1");
  Require(reservation_sweep_grace_seconds >= 0,
          "--reservation-sweep-grace-seconds must not be negative");
  Require(stuck_after_seconds >= 1, "--saga-stuck-after-seconds must be at least 1");
  Require(max_sagas_in_flight >= 0,
          "--max-sagas-in-flight must not be negative (0 turns admission control off)");
  // A tenth of a second at least (tests use seconds), ten years at most.
  Require(std::isfinite(idempotency_key_retention_hours) &&
              idempotency_key_retention_hours * 3'600'000.0 >= 100 &&
              idempotency_key_retention_hours <= 24 * 365 * 10,
          "--idempotency-key-retention-hours must be more than 0 (at least 100 ms) and at most "
          "87600");
}

std::chrono::milliseconds SagaSettings::IdempotencyKeyRetention() const {
  return std::chrono::milliseconds(std::llround(idempotency_key_retention_hours * 3'600'000.0));
}

}  // namespace sagashop::app
