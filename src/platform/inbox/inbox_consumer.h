#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>

#include "platform/bus/event_bus.h"
#include "platform/cache/idempotency_cache.h"
#include "platform/db/database.h"

namespace sagashop::inbox {

// Applies one message's effect inside the given transaction. Throw to reject it: a transient error
// (db::DbError that IsRetryable, bus::BusError, or TransientError) is retried without limit; any
// other error is retried a few times and then the message is dead-lettered.
using MessageHandler = std::function<void(db::Transaction&, const bus::IncomingMessage&)>;

// An outside dependency (a gateway, a carrier) is unavailable for now.
class TransientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InboxConsumerConfig {
  std::string consumer;  // for logs and dead-letter headers, e.g. "payment"
  int max_attempts = 3;  // for non-transient failures, before dead-lettering
  std::chrono::seconds cache_ttl{24 * 3600};
};

struct InboxCounters {
  std::atomic<std::uint64_t> processed{0};
  std::atomic<std::uint64_t> duplicates_skipped{0};  // by the cache or the inbox table
  std::atomic<std::uint64_t> skipped_by_cache{0};    // of those, the ones the cache caught
  std::atomic<std::uint64_t> dead_lettered{0};
};

// Turns at-least-once delivery into exactly-once effects (DESIGN §4.2, §5): a batch of messages is
// applied in one transaction, each message's event id recorded in the inbox in that same
// transaction, and a redelivered id skipped. The idempotency cache is consulted first and told
// after the commit, so it only ever saves work. A message that keeps failing is parked on
// "<topic>.dlt" and recorded as DEAD_LETTERED, so the consumer moves on.
class InboxConsumer {
 public:
  InboxConsumer(db::Database& database, cache::IdempotencyCache& cache,
                bus::Publisher& dead_letter_publisher, InboxConsumerConfig config,
                MessageHandler handler);

  // The bus's BatchHandler: returns once every message of the batch is durably handled (applied,
  // skipped or dead-lettered); throws to have the batch redelivered.
  void HandleBatch(std::span<const bus::IncomingMessage> batch);

  const InboxCounters& Counters() const { return counters_; }

  // The key a message is deduplicated by: its CloudEvents id header.
  static std::string EventIdOf(const bus::IncomingMessage& message);

 private:
  // Applies `messages` in one transaction; returns the ids that were applied (not duplicates).
  std::vector<std::string> ApplyInOneTransaction(
      std::span<const bus::IncomingMessage* const> messages);
  void ApplyOneByOne(std::span<const bus::IncomingMessage* const> messages);
  void DeadLetter(const bus::IncomingMessage& message, const std::string& error);
  // Every consumer of an event handles it once, so the cache remembers (consumer, event) pairs:
  // one service having handled an event says nothing about another.
  std::string CacheKey(const std::string& event_id) const;
  void RememberInCache(const std::vector<std::string>& event_ids);

  db::Database& database_;
  cache::IdempotencyCache& cache_;
  bus::Publisher& dead_letter_publisher_;
  InboxConsumerConfig config_;
  MessageHandler handler_;
  InboxCounters counters_;
  std::map<std::string, int> failed_attempts_;  // by event id; touched on the consume thread only
};

}  // namespace sagashop::inbox
