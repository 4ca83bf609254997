#pragma once

#include <atomic>
#include <memory>

#include "platform/bus/crashing/crash_plan.h"
#include "platform/bus/event_bus.h"

namespace sagashop::bus {

// A test seam (the fault-injecting wrapper of STYLE habit 6): forwards everything to the real bus
// and kills the whole process with SIGKILL — no destructors, no flushing, as a power cut would — at
// the planned arrival at one point between two steps of the outbox relay or of a consumer. Only
// the test setting --crash-at installs it.
class CrashingEventBus final : public EventBus {
 public:
  CrashingEventBus(std::unique_ptr<EventBus> inner, CrashPlan plan)
      : inner_(std::move(inner)), plan_(plan) {}

  void EnsureTopics(std::span<const std::string> topics) override { inner_->EnsureTopics(topics); }
  std::unique_ptr<Publisher> CreatePublisher() override;
  std::unique_ptr<Subscription> Subscribe(SubscriptionOptions options,
                                          BatchHandler handler) override;
  BusHealth CheckHealth() override { return inner_->CheckHealth(); }

 private:
  class CrashingPublisher;

  // Counts an arrival at `point`; dies at the planned one.
  void Arrive(CrashPoint point);
  // True for the planned arrival at `point` (the caller does half of its work, then Die()s).
  bool IsPlannedArrival(CrashPoint point);
  [[noreturn]] void Die() const;

  std::unique_ptr<EventBus> inner_;
  CrashPlan plan_;
  std::atomic<int> arrivals_{0};
};

}  // namespace sagashop::bus
