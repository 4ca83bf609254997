#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/bus/event_bus.h"
#include "platform/bus/inproc/inproc_broker.h"
#include "platform/bus/inproc/inproc_bus_config.h"

namespace sagashop::bus {

// The event bus inside one process (embedded mode): PublishBatch hands each group its share of the
// batch on the caller's thread and returns once their handlers committed it, so an outbox row is
// marked sent only after every reader applied it, and a crash at any point means redelivery, never
// loss. Consumer groups, partitions (Kafka's murmur2 of the key) and per-key order behave as on
// Kafka. Nothing is stored: messages no group reads are kept in memory only (Retained()), and are
// gone after a restart. Thread-safe.
class InProcEventBus final : public EventBus {
 public:
  // Throws std::invalid_argument naming the first bad setting.
  explicit InProcEventBus(InProcBusConfig config = {});

  // Records the topics; there is no broker to create them on.
  void EnsureTopics(std::span<const std::string> topics) override;
  std::unique_ptr<Publisher> CreatePublisher() override;
  std::unique_ptr<Subscription> Subscribe(SubscriptionOptions options,
                                          BatchHandler handler) override;
  BusHealth CheckHealth() override;

  // The topics EnsureTopics recorded, sorted.
  std::vector<std::string> Topics() const { return broker_->Topics(); }
  // Messages to `topic` while no group read it (dead-letter topics, say), oldest first; bounded by
  // InProcBusConfig::retained_per_topic.
  std::vector<IncomingMessage> Retained(std::string_view topic) const {
    return broker_->Retained(topic);
  }
  // Members of `group` subscribed right now.
  std::size_t Members(std::string_view group) const { return broker_->Members(group); }

 private:
  std::shared_ptr<InProcBroker> broker_;
};

}  // namespace sagashop::bus
