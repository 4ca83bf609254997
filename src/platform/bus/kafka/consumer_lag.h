#pragma once

#include <string_view>
#include <vector>

#include "platform/bus/partition_lag.h"

namespace sagashop::bus {

// Reads the per-partition `consumer_lag` out of librdkafka's statistics JSON. Partitions whose lag
// is not known (no committed offset yet) and partitions not assigned to this consumer are left out.
// Malformed input yields an empty list: statistics feed metrics, they must never stop a consumer.
std::vector<PartitionLag> ParseConsumerLag(std::string_view statistics_json);

}  // namespace sagashop::bus
