#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <utility>

#include "platform/bus/event_bus.h"

namespace sagashop::bus {

// Forwards to another publisher and reports how long each batch took, from being handed over to
// the bus's answer (for Kafka: every message acknowledged by all in-sync replicas); a batch that
// failed is reported too. Lets a host time its relay without touching the relay.
class TimedPublisher final : public Publisher {
 public:
  using Observer = std::function<void(std::chrono::steady_clock::duration)>;

  TimedPublisher(std::unique_ptr<Publisher> inner, Observer observer)
      : inner_(std::move(inner)), observer_(std::move(observer)) {}

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    const auto started = std::chrono::steady_clock::now();
    try {
      const std::size_t acknowledged = inner_->PublishBatch(messages);
      observer_(std::chrono::steady_clock::now() - started);
      return acknowledged;
    } catch (...) {
      observer_(std::chrono::steady_clock::now() - started);
      throw;
    }
  }

 private:
  std::unique_ptr<Publisher> inner_;
  Observer observer_;
};

}  // namespace sagashop::bus
