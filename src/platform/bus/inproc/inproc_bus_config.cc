#include "platform/bus/inproc/inproc_bus_config.h"

#include <stdexcept>

namespace sagashop::bus {
namespace {

void Require(bool condition, const std::string& setting, const std::string& rule) {
  if (!condition) throw std::invalid_argument("inproc-bus." + setting + " " + rule);
}

}  // namespace

void InProcBusConfig::Validate() const {
  Require(partitions >= 1, "partitions", "must be at least 1");
  Require(retained_per_topic >= 1, "retained_per_topic", "must be at least 1");
  for (const auto& [group, topics] : expected_groups) {
    Require(!group.empty(), "expected_groups", "must not name an empty group");
    Require(!topics.empty(), "expected_groups." + group, "must list at least one topic");
  }
}

}  // namespace sagashop::bus
