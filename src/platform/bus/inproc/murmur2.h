#pragma once

#include <cstdint>
#include <string_view>

namespace sagashop::bus {

// The 32-bit murmur2 hash exactly as Kafka's Java client computes it (seed 0x9747b28c).
std::int32_t KafkaMurmur2(std::string_view key);

// The partition Kafka's default partitioner (and librdkafka's "murmur2") picks for `key`, so a key
// lives in the same partition number in embedded and distributed mode.
std::int32_t PartitionOf(std::string_view key, std::int32_t partitions);

}  // namespace sagashop::bus
