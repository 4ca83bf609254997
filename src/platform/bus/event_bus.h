#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/bus/message.h"
#include "platform/bus/partition_lag.h"

namespace sagashop::bus {

// Thrown when the bus cannot be reached or refuses a message; publishing later may succeed.
class BusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Sends messages and waits for the bus to take responsibility for them (for Kafka: acks=all).
class Publisher {
 public:
  virtual ~Publisher() = default;
  // Publishes `messages` in order and blocks until each is acknowledged or has failed. Returns how
  // many leading messages were acknowledged; the caller treats the rest as unsent and retries them.
  virtual std::size_t PublishBatch(std::span<const OutgoingMessage> messages) = 0;
};

// Applies a batch and returns once its effects are durable; throwing means none of them are, and
// the same messages are delivered again after a backoff.
using BatchHandler = std::function<void(std::span<const IncomingMessage>)>;

struct SubscriptionOptions {
  std::string group;                // consumer group: every instance of one service shares it
  std::vector<std::string> topics;  // topics are created by EnsureTopics, never implicitly
  std::size_t max_batch = 500;      // docs/contracts.md, Defaults (Kafka's max.poll.records)
  // How long to wait for more events to fill a batch once one arrived. Zero takes the events that
  // have already arrived, and no more: the batch grows with the load instead of with a timer.
  std::chrono::milliseconds max_batch_wait{0};
  std::chrono::milliseconds retry_backoff_initial{100};
  std::chrono::milliseconds retry_backoff_max{5000};
};

// A running consumer: delivers batches to its handler on its own thread, and acknowledges (commits
// offsets) only after the handler returned. Destroying it stops delivery after the current batch.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // Batches the handler completed so far (tests wait on it).
  virtual std::uint64_t CompletedBatches() const = 0;
  // How far this consumer trails each partition it owns, where the bus can tell (Kafka, from its
  // statistics); empty for a bus that keeps nothing to trail behind (in-process).
  virtual std::vector<PartitionLag> ConsumerLag() const { return {}; }
};

struct BusHealth {
  bool reachable = false;
  std::chrono::microseconds latency{0};
  std::string detail;
};

// The event bus port. Thread-safe.
class EventBus {
 public:
  virtual ~EventBus() = default;

  // Creates missing topics with the configured partition count; idempotent.
  virtual void EnsureTopics(std::span<const std::string> topics) = 0;

  virtual std::unique_ptr<Publisher> CreatePublisher() = 0;

  virtual std::unique_ptr<Subscription> Subscribe(SubscriptionOptions options,
                                                  BatchHandler handler) = 0;

  virtual BusHealth CheckHealth() = 0;
};

}  // namespace sagashop::bus
