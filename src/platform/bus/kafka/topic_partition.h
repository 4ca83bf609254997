#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace sagashop::bus {

// One partition of one topic, usable as a map key.
struct TopicPartitionId {
  std::string topic;
  std::int32_t partition = 0;

  auto operator<=>(const TopicPartitionId&) const = default;
};

}  // namespace sagashop::bus
