#pragma once

#include <chrono>
#include <cstdint>

namespace sagashop::app {

// The rules of the order saga the services keep: how long reservations, idempotency keys and idle
// sagas last, and how many sagas may be under way at once.
struct SagaSettings {
  int reservation_ttl_seconds = 15 * 60;
  int reservation_sweep_grace_seconds = 60;  // released this long after expiring
  int stuck_after_seconds = 60;              // GET /sagas?stuck=true lists sagas idle this long
  // How long an Idempotency-Key of POST /orders names its order, from its first use. Fractions
  // are allowed (0.5 is half an hour).
  double idempotency_key_retention_hours = 24;
  // POST /orders answers 503 with Retry-After while this many sagas are under way (admission
  // control; docs/operations.md). 0 turns it off, which is logged.
  std::int64_t max_sagas_in_flight = 1'000;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
  std::chrono::milliseconds IdempotencyKeyRetention() const;
};

}  // namespace sagashop::app
