#include "app/settings/bus_settings.h"

#include <cctype>

#include "app/settings/require.h"

namespace sagashop::app {

void BusSettings::Validate() const {
  if (adapter != Bus::kKafka) return;
  Require(!kafka_brokers.empty(), "--kafka-brokers (SAGASHOP_KAFKA_BROKERS) is required");
  Require(kafka_partitions >= 1, "--kafka-partitions must be at least 1");
  Require(kafka_replication_factor >= 1, "--kafka-replication-factor must be at least 1");
  Require(kafka_linger_ms >= 0, "--kafka-linger-ms must not be negative");
  Require(kafka_statistics_interval_ms >= 0, "--kafka-statistics-interval-ms must not be negative");
  for (char c : topic_namespace) {
    Require(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_',
            "--bus-namespace may hold only letters, digits, '-' and '_'");
  }
}

}  // namespace sagashop::app
