#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

#include "outside_world/face_behaviour.h"

namespace sagashop::outside_world {

// What happens to one call that would change the ledger.
enum class Fate {
  kOutage,      // the face is down: 503 at once, nothing recorded
  kFailure,     // after the latency, 503 and nothing recorded
  kAnswer,      // after the latency, recorded and answered
  kAnswerLate,  // after the latency, recorded, then answered only after the timeout delay
};

struct Decision {
  Fate fate = Fate::kAnswer;
  std::chrono::microseconds latency{0};
  std::chrono::milliseconds late_by{0};  // kAnswerLate
  std::chrono::seconds retry_after{1};   // kOutage, kFailure: what Retry-After says
};

// One face of the simulator (payment provider or carrier): its behaviour, changeable while it
// serves, an outage window, and the random draws that decide each call. Thread-safe. Time is
// passed in, so decisions can be tested without waiting.
class Face {
 public:
  using Clock = std::chrono::steady_clock;

  // `behaviour` must be valid; `seed` makes the draws reproducible.
  Face(std::string name, FaceBehaviour behaviour, std::uint64_t seed);

  const std::string& Name() const { return name_; }

  FaceBehaviour Behaviour() const;
  // Throws FieldError (and changes nothing) when `behaviour` is invalid.
  void SetBehaviour(const FaceBehaviour& behaviour);

  // Every call answers 503 until now + duration; a zero duration ends an outage.
  void StartOutage(Clock::duration duration, Clock::time_point now);
  // Whole seconds left of the outage, rounded up; 0 when there is none.
  std::int64_t OutageSecondsLeft(Clock::time_point now) const;

  // The fate of a call that changes the ledger (a charge, a refund, a shipment).
  Decision Decide(Clock::time_point now);

 private:
  const std::string name_;
  mutable std::mutex mutex_;
  FaceBehaviour behaviour_;
  Clock::time_point outage_until_{};
  std::mt19937_64 random_;
};

}  // namespace sagashop::outside_world
