#include "platform/bus/inproc/inproc_event_bus.h"

#include <utility>

#include "platform/bus/inproc/inproc_publisher.h"
#include "platform/bus/inproc/inproc_subscription.h"

namespace sagashop::bus {

InProcEventBus::InProcEventBus(InProcBusConfig config)
    : broker_(std::make_shared<InProcBroker>(std::move(config))) {}

void InProcEventBus::EnsureTopics(std::span<const std::string> topics) {
  broker_->RecordTopics(topics);
}

std::unique_ptr<Publisher> InProcEventBus::CreatePublisher() {
  return std::make_unique<InProcPublisher>(broker_);
}

std::unique_ptr<Subscription> InProcEventBus::Subscribe(SubscriptionOptions options,
                                                        BatchHandler handler) {
  std::shared_ptr<InProcMember> member = broker_->Join(std::move(options), std::move(handler));
  return std::make_unique<InProcSubscription>(broker_, std::move(member));
}

BusHealth InProcEventBus::CheckHealth() {
  return {.reachable = true, .latency = std::chrono::microseconds(0), .detail = "in-process"};
}

}  // namespace sagashop::bus
