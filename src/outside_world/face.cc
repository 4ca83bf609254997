#include "outside_world/face.h"

#include "platform/core/latency_distribution.h"

namespace sagashop::outside_world {

Face::Face(std::string name, FaceBehaviour behaviour, std::uint64_t seed)
    : name_(std::move(name)), behaviour_(behaviour), random_(seed) {
  behaviour_.Validate();
}

FaceBehaviour Face::Behaviour() const {
  std::lock_guard lock(mutex_);
  return behaviour_;
}

void Face::SetBehaviour(const FaceBehaviour& behaviour) {
  behaviour.Validate();
  std::lock_guard lock(mutex_);
  behaviour_ = behaviour;
}

void Face::StartOutage(Clock::duration duration, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  outage_until_ = now + duration;
}

std::int64_t Face::OutageSecondsLeft(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (now >= outage_until_) return 0;
  const auto left = std::chrono::ceil<std::chrono::seconds>(outage_until_ - now);
  return left.count();
}

Decision Face::Decide(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Decision decision;
  if (now < outage_until_) {
    decision.fate = Fate::kOutage;
    decision.retry_after = std::chrono::ceil<std::chrono::seconds>(outage_until_ - now);
    return decision;
  }
  const LatencyDistribution latency(std::chrono::milliseconds(behaviour_.latency_median_ms),
                                    std::chrono::milliseconds(behaviour_.latency_p99_ms));
  decision.latency = latency.Sample(random_);
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  // A rate of 1 must always hit and a rate of 0 never: chance() is in [0, 1).
  if (chance(random_) < behaviour_.failure_rate) {
    decision.fate = Fate::kFailure;
  } else if (chance(random_) < behaviour_.timeout_rate) {
    decision.fate = Fate::kAnswerLate;
    decision.late_by = std::chrono::milliseconds(behaviour_.timeout_delay_ms);
  }
  return decision;
}

}  // namespace sagashop::outside_world
