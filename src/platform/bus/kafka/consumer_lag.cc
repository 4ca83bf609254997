#include "platform/bus/kafka/consumer_lag.h"

#include <boost/json.hpp>

namespace sagashop::bus {

std::vector<PartitionLag> ParseConsumerLag(std::string_view statistics_json) {
  namespace json = boost::json;
  std::vector<PartitionLag> lags;
  boost::system::error_code error;
  const json::value root = json::parse(statistics_json, error);
  if (error || !root.is_object()) return lags;
  const json::value* topics = root.as_object().if_contains("topics");
  if (topics == nullptr || !topics->is_object()) return lags;

  for (const auto& [topic_name, topic] : topics->as_object()) {
    const json::value* partitions =
        topic.is_object() ? topic.as_object().if_contains("partitions") : nullptr;
    if (partitions == nullptr || !partitions->is_object()) continue;
    for (const auto& [unused_key, partition] : partitions->as_object()) {
      if (!partition.is_object()) continue;
      const json::value* id = partition.as_object().if_contains("partition");
      const json::value* lag = partition.as_object().if_contains("consumer_lag");
      // A partition this consumer no longer owns keeps its last committed offset in the
      // statistics, and with it a stale lag; only the assigned ("desired") ones count.
      const json::value* desired = partition.as_object().if_contains("desired");
      if (desired != nullptr && desired->is_bool() && !desired->as_bool()) continue;
      // Partition -1 is librdkafka's internal "unassigned" queue; a lag of -1 means unknown.
      if (id == nullptr || lag == nullptr || !id->is_int64() || !lag->is_int64()) continue;
      if (id->as_int64() < 0 || lag->as_int64() < 0) continue;
      lags.push_back(
          {std::string(topic_name), static_cast<std::int32_t>(id->as_int64()), lag->as_int64()});
    }
  }
  return lags;
}

}  // namespace sagashop::bus
