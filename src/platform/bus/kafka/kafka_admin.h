#pragma once

#include <chrono>
#include <map>
#include <span>
#include <string>

#include "platform/bus/event_bus.h"
#include "platform/bus/kafka/kafka_config.h"
#include "platform/bus/kafka/kafka_handles.h"

namespace sagashop::bus {

// Topic and group administration and the broker health probe, over librdkafka's C admin API.
// Thread-safe: every call uses its own result queue on the one shared handle.
class KafkaAdmin {
 public:
  explicit KafkaAdmin(const KafkaConfig& config);

  // Creates the topics that do not exist yet (an existing topic is left as it is) and returns once
  // metadata shows every topic with a leader for each partition: `partitions` of them for the
  // topics created here. Throws BusError when `timeout` passes first or the broker fails, and
  // std::invalid_argument when it refuses the request as invalid (bad name, too few brokers for
  // the replication factor).
  void CreateTopics(std::span<const std::string> topics, int partitions, int replication_factor,
                    std::chrono::milliseconds timeout);

  // Partition counts of every topic the cluster's metadata shows. Throws BusError.
  std::map<std::string, int> PartitionCounts(std::chrono::milliseconds timeout);

  // Deletes topics and consumer groups; ones that do not exist are fine. Throws BusError.
  void DeleteTopics(std::span<const std::string> topics, std::chrono::milliseconds timeout);
  void DeleteGroups(std::span<const std::string> groups, std::chrono::milliseconds timeout);

  // A metadata round trip to any broker. Never throws.
  BusHealth Probe(std::chrono::milliseconds timeout);

 private:
  KafkaHandle handle_;
};

}  // namespace sagashop::bus
