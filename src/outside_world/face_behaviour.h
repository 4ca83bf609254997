#pragma once

#include <cstdint>

namespace sagashop::outside_world {

// How one face of the simulator (the payment provider or the carrier) behaves: how long it takes,
// how often it fails before doing anything, and how often it does the work but answers too late.
struct FaceBehaviour {
  std::int64_t latency_median_ms = 0;
  // Equal to the median: every call takes exactly the median. Above it: a log-normal long tail.
  std::int64_t latency_p99_ms = 0;
  // Share of calls answered 503 with nothing recorded, drawn first.
  double failure_rate = 0;
  // Share of the remaining calls recorded but answered only after timeout_delay_ms.
  double timeout_rate = 0;
  std::int64_t timeout_delay_ms = 10'000;

  // Throws FieldError naming the member in the admin API's JSON spelling (e.g. "failureRate").
  void Validate() const;
};

}  // namespace sagashop::outside_world
