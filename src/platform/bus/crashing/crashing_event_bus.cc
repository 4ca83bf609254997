#include "platform/bus/crashing/crashing_event_bus.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace sagashop::bus {

class CrashingEventBus::CrashingPublisher final : public Publisher {
 public:
  CrashingPublisher(CrashingEventBus& bus, std::unique_ptr<Publisher> inner)
      : bus_(bus), inner_(std::move(inner)) {}

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    bus_.Arrive(CrashPoint::kBeforePublish);
    const std::size_t acknowledged = inner_->PublishBatch(messages);
    if (acknowledged > 0) bus_.Arrive(CrashPoint::kAfterPublish);
    return acknowledged;
  }

 private:
  CrashingEventBus& bus_;
  std::unique_ptr<Publisher> inner_;
};

std::unique_ptr<Publisher> CrashingEventBus::CreatePublisher() {
  return std::make_unique<CrashingPublisher>(*this, inner_->CreatePublisher());
}

std::unique_ptr<Subscription> CrashingEventBus::Subscribe(SubscriptionOptions options,
                                                          BatchHandler handler) {
  return inner_->Subscribe(std::move(options), [this, handler = std::move(handler)](
                                                   std::span<const IncomingMessage> batch) {
    // Only a batch of two or more has a middle.
    if (batch.size() >= 2 && IsPlannedArrival(CrashPoint::kMidBatch)) {
      handler(batch.first(batch.size() / 2));
      Die();
    }
    handler(batch);
    Arrive(CrashPoint::kAfterConsume);
  });
}

void CrashingEventBus::Arrive(CrashPoint point) {
  if (IsPlannedArrival(point)) Die();
}

bool CrashingEventBus::IsPlannedArrival(CrashPoint point) {
  return point == plan_.point && ++arrivals_ == plan_.nth;
}

void CrashingEventBus::Die() const {
  // Straight to stderr (unbuffered): the test reads it in the log to see the crash was planned.
  const std::string line = "crash point " + std::string(NameOf(plan_.point)) + ":" +
                           std::to_string(plan_.nth) + " reached: killing the process\n";
  std::fputs(line.c_str(), stderr);
  ::kill(::getpid(), SIGKILL);
  ::pause();  // SIGKILL cannot be caught; this only tells the compiler the call does not return
  std::abort();
}

}  // namespace sagashop::bus
