#pragma once

#include <cstdint>
#include <string>

namespace sagashop::bus {

// How far a consumer's committed offset trails the end of one partition, in messages.
struct PartitionLag {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t lag = 0;

  bool operator==(const PartitionLag&) const = default;
};

}  // namespace sagashop::bus
