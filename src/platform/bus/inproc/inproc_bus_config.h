#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sagashop::bus {

// Settings of the in-process event bus. Validate() runs when the bus is built.
struct InProcBusConfig {
  // Partitions per topic: a key's partition decides which member of a group receives it.
  std::int32_t partitions = 4;

  // Messages to a topic that no group reads (dead-letter topics, say) are kept in memory so they
  // stay visible; at most this many per topic, the oldest dropped first. Lost on restart.
  std::size_t retained_per_topic = 10000;

  // Consumer groups (group → topics) that will subscribe. Until a member of such a group is
  // present, messages to its topics are not acknowledged, so an outbox relay keeps them pending
  // instead of marking them sent while their reader is still starting. Groups that subscribed once
  // are remembered the same way after their last member left.
  std::map<std::string, std::vector<std::string>> expected_groups;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::bus
