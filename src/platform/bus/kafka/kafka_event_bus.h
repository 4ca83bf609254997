#pragma once

#include <memory>
#include <span>
#include <string>

#include "platform/bus/event_bus.h"
#include "platform/bus/kafka/kafka_admin.h"
#include "platform/bus/kafka/kafka_config.h"
#include "platform/bus/kafka/kafka_publisher.h"
#include "platform/bus/kafka/kafka_subscription.h"

namespace sagashop::bus {

// The event bus on Apache Kafka: topic = event type, message key = order id (so one order's events
// share a partition and keep their order), offsets committed after the handler's transaction.
class KafkaEventBus final : public EventBus {
 public:
  // Validates the configuration, including every librdkafka property (defaults and overrides), and
  // throws std::invalid_argument naming the first bad one. Does not contact the broker.
  explicit KafkaEventBus(KafkaConfig config);

  void EnsureTopics(std::span<const std::string> topics) override;
  std::unique_ptr<Publisher> CreatePublisher() override;
  std::unique_ptr<Subscription> Subscribe(SubscriptionOptions options,
                                          BatchHandler handler) override;
  BusHealth CheckHealth() override;

  // Subscribe with the Kafka-specific view (assignment, consumer lag) kept.
  std::unique_ptr<KafkaSubscription> SubscribeKafka(SubscriptionOptions options,
                                                    BatchHandler handler);

  const KafkaConfig& Config() const { return config_; }
  KafkaAdmin& Admin() { return admin_; }

 private:
  const KafkaConfig config_;
  KafkaAdmin admin_;
};

}  // namespace sagashop::bus
