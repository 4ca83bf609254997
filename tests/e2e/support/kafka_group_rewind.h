#pragma once

#include <string>
#include <vector>

namespace sagashop::testing {

// Moves a consumer group's committed offsets back to the first message still held of every
// partition of `topics` — what `kafka-consumer-groups --reset-offsets --to-earliest` does — so
// that its next member redelivers everything. The group must have no live members.
void RewindConsumerGroup(const std::string& brokers, const std::string& group,
                         const std::vector<std::string>& topics);

}  // namespace sagashop::testing
