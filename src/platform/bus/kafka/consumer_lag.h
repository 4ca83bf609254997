#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sagashop::bus {

// How far a consumer's committed offset trails the end of one partition, in messages.
struct PartitionLag {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t lag = 0;

  bool operator==(const PartitionLag&) const = default;
};

// Reads the per-partition `consumer_lag` out of librdkafka's statistics JSON. Partitions whose lag
// is not known (no committed offset yet) and partitions not assigned to this consumer are left out.
// Malformed input yields an empty list: statistics feed metrics, they must never stop a consumer.
std::vector<PartitionLag> ParseConsumerLag(std::string_view statistics_json);

}  // namespace sagashop::bus
