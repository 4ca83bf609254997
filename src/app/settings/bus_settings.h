#pragma once

#include <map>
#include <string>

#include "app/settings/adapters.h"

namespace sagashop::app {

// How the services exchange events: in one process (embedded mode, the default) or over Kafka.
struct BusSettings {
  Bus adapter = Bus::kInproc;  // --bus

  std::string kafka_brokers;
  // --bus-namespace: prefixes every topic and consumer group ("<ns>.order.created.v1"), so several
  // systems can share one broker; empty by default, when topics are exactly the event types.
  std::string topic_namespace;
  int kafka_partitions = 4;
  // Replicas of every topic created: 1 for a single broker; 3 on a three-broker cluster, whose
  // min.insync.replicas=2 then lets one broker be lost without losing an acknowledged event.
  int kafka_replication_factor = 1;
  int kafka_linger_ms = 0;
  // How often librdkafka reports statistics, the source of the consumer-lag metric; 0 turns
  // them off.
  int kafka_statistics_interval_ms = 5000;
  std::map<std::string, std::string> kafka_producer_props;
  std::map<std::string, std::string> kafka_consumer_props;
  // Kafka is reached over mutual TLS with the ServerTlsSettings identity (docs/security.md).
  bool kafka_tls = false;

  // Throws std::invalid_argument naming the first bad setting of this adapter.
  void Validate() const;
};

}  // namespace sagashop::app
