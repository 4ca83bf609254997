#include "platform/bus/kafka/kafka_event_bus.h"

#include <utility>

#include "platform/bus/kafka/kafka_conf.h"

namespace sagashop::bus {
namespace {

// Validates before anything is built from the configuration, and checks the property sets that
// producers and consumers will be built from later, so bad settings stop the process at start-up
// rather than at the first publish.
const KafkaConfig& Validated(const KafkaConfig& config) {
  config.Validate();
  MakeCppConf(config.ProducerProperties(), "producer");
  MakeCppConf(config.ConsumerProperties("validation"), "consumer");
  return config;
}

}  // namespace

KafkaEventBus::KafkaEventBus(KafkaConfig config)
    : config_(std::move(config)), admin_(Validated(config_)) {}

void KafkaEventBus::EnsureTopics(std::span<const std::string> topics) {
  admin_.CreateTopics(topics, config_.partitions, config_.replication_factor,
                      config_.admin_timeout);
}

std::unique_ptr<Publisher> KafkaEventBus::CreatePublisher() {
  return std::make_unique<KafkaPublisher>(config_);
}

std::unique_ptr<Subscription> KafkaEventBus::Subscribe(SubscriptionOptions options,
                                                       BatchHandler handler) {
  return SubscribeKafka(std::move(options), std::move(handler));
}

std::unique_ptr<KafkaSubscription> KafkaEventBus::SubscribeKafka(SubscriptionOptions options,
                                                                 BatchHandler handler) {
  return std::make_unique<KafkaSubscription>(config_, std::move(options), std::move(handler));
}

BusHealth KafkaEventBus::CheckHealth() {
  return admin_.Probe(config_.health_timeout);
}

}  // namespace sagashop::bus
