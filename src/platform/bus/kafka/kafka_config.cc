#include "platform/bus/kafka/kafka_config.h"

#include <stdexcept>
#include <string>

namespace sagashop::bus {
namespace {

void Require(bool condition, const std::string& setting, const std::string& rule) {
  if (!condition) throw std::invalid_argument("kafka." + setting + " " + rule);
}

std::string Millis(std::chrono::milliseconds value) {
  return std::to_string(value.count());
}

void Override(KafkaProperties& properties, const KafkaProperties& overrides) {
  for (const auto& [name, value] : overrides) properties[name] = value;
}

// Settings every handle shares.
KafkaProperties CommonProperties(const KafkaConfig& config) {
  KafkaProperties properties{
      {"bootstrap.servers", config.brokers},
      {"client.id", config.client_id},
      // Nagle's algorithm would hold small requests back for up to a delayed-ACK period.
      {"socket.nagle.disable", "true"},
  };
  if (config.tls) {
    properties.insert({
        {"security.protocol", "ssl"},
        {"ssl.ca.location", config.tls->ca_file},
        {"ssl.certificate.location", config.tls->cert_file},
        {"ssl.key.location", config.tls->key_file},
        // The broker's certificate must name the host we asked for, not just chain to the CA.
        {"ssl.endpoint.identification.algorithm", "https"},
    });
  }
  Override(properties, config.common_overrides);
  return properties;
}

}  // namespace

void KafkaConfig::Validate() const {
  Require(!brokers.empty(), "brokers", "must name at least one broker (host:port)");
  Require(!client_id.empty(), "client_id", "must not be empty");
  Require(!tls || (!tls->ca_file.empty() && !tls->cert_file.empty() && !tls->key_file.empty()),
          "tls", "needs a CA, a certificate and a key file");
  Require(partitions >= 1, "partitions", "must be at least 1");
  Require(replication_factor >= 1, "replication_factor", "must be at least 1");
  Require(acks == "all" || acks == "-1" || acks == "0" || acks == "1", "acks",
          "must be one of all, -1, 0, 1");
  Require(!enable_idempotence || acks == "all" || acks == "-1", "acks",
          "must be all when enable_idempotence is on");
  Require(!compression.empty(), "compression", "must not be empty (use none)");
  Require(batch_size_bytes >= 1, "batch_size_bytes", "must be at least 1");
  Require(linger.count() >= 0, "linger", "must not be negative");
  Require(delivery_timeout.count() >= 1, "delivery_timeout", "must be positive");
  Require(commit_interval.count() >= 1, "commit_interval", "must be positive");
  Require(fetch_min_bytes >= 1, "fetch_min_bytes", "must be at least 1");
  Require(fetch_wait_max.count() >= 0, "fetch_wait_max", "must not be negative");
  Require(!assignment_strategy.empty(), "assignment_strategy", "must not be empty");
  Require(auto_offset_reset == "earliest" || auto_offset_reset == "latest", "auto_offset_reset",
          "must be earliest or latest");
  Require(heartbeat_interval.count() >= 1 && heartbeat_interval < session_timeout,
          "heartbeat_interval", "must be positive and shorter than session_timeout");
  Require(statistics_interval.count() >= 0, "statistics_interval", "must not be negative");
  Require(admin_timeout.count() >= 1, "admin_timeout", "must be positive");
  Require(health_timeout.count() >= 1, "health_timeout", "must be positive");
}

KafkaProperties KafkaConfig::AdminProperties() const {
  return CommonProperties(*this);
}

KafkaProperties KafkaConfig::ProducerProperties() const {
  KafkaProperties properties = CommonProperties(*this);
  properties.insert({
      {"acks", acks},
      {"enable.idempotence", enable_idempotence ? "true" : "false"},
      {"compression.type", compression},
      {"batch.size", std::to_string(batch_size_bytes)},
      {"linger.ms", Millis(linger)},
      {"delivery.timeout.ms", Millis(delivery_timeout)},
      // The Java client's partitioner, so every producer agrees on which partition a key lives in.
      {"partitioner", "murmur2_random"},
  });
  Override(properties, producer_overrides);
  return properties;
}

KafkaProperties KafkaConfig::ConsumerProperties(const std::string& group) const {
  KafkaProperties properties = CommonProperties(*this);
  properties.insert({
      {"group.id", group},
      // Only offsets the subscription stored after its handler returned are ever committed.
      {"enable.auto.commit", "true"},
      {"enable.auto.offset.store", "false"},
      {"auto.commit.interval.ms", Millis(commit_interval)},
      {"auto.offset.reset", auto_offset_reset},
      {"fetch.min.bytes", std::to_string(fetch_min_bytes)},
      {"fetch.wait.max.ms", Millis(fetch_wait_max)},
      {"partition.assignment.strategy", assignment_strategy},
      {"session.timeout.ms", Millis(session_timeout)},
      {"heartbeat.interval.ms", Millis(heartbeat_interval)},
      {"statistics.interval.ms", Millis(statistics_interval)},
  });
  Override(properties, consumer_overrides);
  return properties;
}

}  // namespace sagashop::bus
