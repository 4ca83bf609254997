#pragma once

#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "platform/bus/event_bus.h"

namespace sagashop::bus::testing {

// A batch handler that remembers every batch it was given.
class Recorder {
 public:
  BatchHandler Handler() {
    return [this](std::span<const IncomingMessage> batch) { Record(batch); };
  }

  void Record(std::span<const IncomingMessage> batch) {
    std::lock_guard lock(mutex_);
    batches_.emplace_back(batch.begin(), batch.end());
  }

  std::vector<std::vector<IncomingMessage>> Batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }

  std::vector<IncomingMessage> Messages() const {
    std::lock_guard lock(mutex_);
    std::vector<IncomingMessage> all;
    for (const auto& batch : batches_) all.insert(all.end(), batch.begin(), batch.end());
    return all;
  }

  std::vector<std::string> Values() const {
    std::vector<std::string> values;
    for (const IncomingMessage& message : Messages()) values.push_back(message.value);
    return values;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::vector<IncomingMessage>> batches_;
};

inline OutgoingMessage Message(std::string topic, std::string key, std::string value) {
  return {
      .topic = std::move(topic), .key = std::move(key), .value = std::move(value), .headers = {}};
}

inline SubscriptionOptions Options(std::string group, std::vector<std::string> topics) {
  SubscriptionOptions options;
  options.group = std::move(group);
  options.topics = std::move(topics);
  return options;
}

}  // namespace sagashop::bus::testing
