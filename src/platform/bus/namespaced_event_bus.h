#pragma once

#include <memory>
#include <string>

#include "platform/bus/event_bus.h"

namespace sagashop::bus {

// Gives one system its own topics and consumer groups on a shared broker by prefixing their names
// ("<namespace>.order.created.v1"), and strips the prefix from what it delivers, so services still
// see topic = event type. Lets several systems (test runs, tenants, environments) share one Kafka
// without reading each other's events. With an empty namespace it changes nothing.
class NamespacedEventBus final : public EventBus {
 public:
  NamespacedEventBus(std::unique_ptr<EventBus> inner, const std::string& name_space);

  void EnsureTopics(std::span<const std::string> topics) override;
  std::unique_ptr<Publisher> CreatePublisher() override;
  std::unique_ptr<Subscription> Subscribe(SubscriptionOptions options,
                                          BatchHandler handler) override;
  BusHealth CheckHealth() override { return inner_->CheckHealth(); }

  EventBus& Inner() { return *inner_; }

 private:
  std::string Prefixed(const std::string& name) const;

  std::unique_ptr<EventBus> inner_;
  std::string prefix_;  // "<namespace>." or empty
};

}  // namespace sagashop::bus
