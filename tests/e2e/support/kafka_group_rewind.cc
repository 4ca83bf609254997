#include "e2e/support/kafka_group_rewind.h"

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <stdexcept>

#include "platform/bus/kafka/kafka_config.h"
#include "support/server_tls.h"

namespace sagashop::testing {
namespace {

constexpr int kTimeoutMs = 10000;

void Set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    throw std::runtime_error("kafka setting " + name + ": " + error);
  }
}

void Check(RdKafka::ErrorCode code, const std::string& what) {
  if (code != RdKafka::ERR_NO_ERROR) throw std::runtime_error(what + ": " + RdKafka::err2str(code));
}

}  // namespace

void RewindConsumerGroup(const std::string& brokers, const std::string& group,
                         const std::vector<std::string>& topics) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  // The connection settings every client of the test broker uses (address, TLS).
  bus::KafkaConfig connection;
  connection.brokers = brokers;
  connection.tls = TestServerTls();
  for (const auto& [name, value] : connection.AdminProperties()) Set(*conf, name, value);
  Set(*conf, "group.id", group);
  Set(*conf, "enable.auto.commit", "false");
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw std::runtime_error("kafka consumer: " + error);

  std::vector<RdKafka::TopicPartition*> offsets;
  for (const std::string& topic : topics) {
    std::unique_ptr<RdKafka::Topic> handle(
        RdKafka::Topic::create(consumer.get(), topic, nullptr, error));
    RdKafka::Metadata* raw = nullptr;
    Check(consumer->metadata(false, handle.get(), &raw, kTimeoutMs), "metadata of " + topic);
    const std::unique_ptr<RdKafka::Metadata> metadata(raw);
    for (const RdKafka::TopicMetadata* topic_metadata : *metadata->topics()) {
      for (const RdKafka::PartitionMetadata* partition : *topic_metadata->partitions()) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        Check(consumer->query_watermark_offsets(topic, partition->id(), &low, &high, kTimeoutMs),
              "watermarks of " + topic);
        RdKafka::TopicPartition* offset = RdKafka::TopicPartition::create(topic, partition->id());
        offset->set_offset(low);
        offsets.push_back(offset);
      }
    }
  }
  const RdKafka::ErrorCode committed = consumer->commitSync(offsets);
  RdKafka::TopicPartition::destroy(offsets);
  consumer->close();
  Check(committed, "rewinding group " + group);
}

}  // namespace sagashop::testing
