#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "platform/bus/event_bus.h"
#include "platform/cache/idempotency_cache.h"
#include "platform/db/database.h"
#include "platform/log/log_scope.h"

namespace sagashop::inbox {

// Applies one message's effect inside the given transaction. Throw to reject it: a transient error
// (db::DbError that IsRetryable, bus::BusError, or TransientError) is retried without limit; any
// other error is retried a few times with backoff and then the message is dead-lettered.
using MessageHandler = std::function<void(db::Transaction&, const bus::IncomingMessage&)>;

// Applies the new messages of a batch at once, inside the given transaction: in arrival order, each
// event id once (a redelivered or repeated id is already left out). Errors as for MessageHandler;
// after one, the consumer applies the messages one at a time (batches of one) to find the culprit.
using BatchHandler =
    std::function<void(db::Transaction&, std::span<const bus::IncomingMessage* const>)>;

// An outside dependency (a gateway, a carrier) is unavailable for now.
class TransientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InboxConsumerConfig {
  std::string consumer;  // for logs and dead-letter headers, e.g. "payment"
  int max_attempts = 3;  // for non-transient failures, before dead-lettering
  // Between attempts at a failing message: exponential backoff with jitter (see Backoff).
  std::chrono::milliseconds retry_backoff_initial{100};
  std::chrono::milliseconds retry_backoff_max{2000};
  std::chrono::seconds cache_ttl{24 * 3600};
  // How the consumer waits between attempts; tests put in one that records the waits.
  std::function<void(std::chrono::milliseconds)> wait_between_attempts =
      [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  // What a message says about the work it belongs to (e.g. its order and saga), for the lines
  // logged while it is handled. Called only when a line is written; may throw (the fields are
  // then left out). Optional.
  std::function<void(const bus::IncomingMessage&, log::LogFields&)> describe_for_log;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

struct InboxCounters {
  std::atomic<std::uint64_t> processed{0};
  std::atomic<std::uint64_t> duplicates_skipped{0};  // by the cache or the inbox table
  std::atomic<std::uint64_t> skipped_by_cache{0};    // of those, the ones the cache caught
  std::atomic<std::uint64_t> retried{0};  // failed attempts at a message that were tried again
  std::atomic<std::uint64_t> dead_lettered{0};
};

// Turns at-least-once delivery into exactly-once effects (docs/contracts.md, rules 2 and 10): a
// batch of messages is applied in one transaction, each message's event id recorded in the inbox
// in that same transaction, and a redelivered id skipped. The idempotency cache is consulted first
// and told after the commit, so it only ever saves work. A message that keeps failing for a reason
// of its own (malformed, or refused by the handler) is tried max_attempts times with backoff, then
// parked (docs/contracts.md, rule 8): published to "<topic>.dlt" with the error and its original
// headers, recorded as DEAD_LETTERED in the inbox and kept in dead_letters, in one transaction; and
// the consumer moves on.
class InboxConsumer {
 public:
  // `handler` is called for one message at a time, with the message's log fields in scope.
  InboxConsumer(db::Database& database, cache::IdempotencyCache& cache,
                bus::Publisher& dead_letter_publisher, InboxConsumerConfig config,
                MessageHandler handler);
  // `handler` is called once per batch with its new messages.
  InboxConsumer(db::Database& database, cache::IdempotencyCache& cache,
                bus::Publisher& dead_letter_publisher, InboxConsumerConfig config,
                BatchHandler handler);

  // The bus's BatchHandler: returns once every message of the batch is durably handled (applied,
  // skipped or dead-lettered); throws to have the batch redelivered (a transient failure).
  void HandleBatch(std::span<const bus::IncomingMessage> batch);

  const InboxCounters& Counters() const { return counters_; }

  // The key a message is deduplicated by: its CloudEvents id header, or the message's position
  // when it has none that fits the inbox (missing, over 100 bytes, or not text).
  static std::string EventIdOf(const bus::IncomingMessage& message);

 private:
  struct Failure {
    std::string error;
    std::string error_class;
  };

  // Applies `messages` in one transaction; returns the ids that were applied (not duplicates).
  std::vector<std::string> ApplyInOneTransaction(
      std::span<const bus::IncomingMessage* const> messages);
  // Records the ids of `messages` in the inbox with one statement; returns the messages whose id
  // was new, in order, each id once.
  std::vector<const bus::IncomingMessage*> RecordNew(
      db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages,
      const std::string& now);
  void ApplyEach(db::Transaction& tx, std::span<const bus::IncomingMessage* const> fresh);
  // Hands `fresh` to the batch handler at once.
  void ApplyAll(db::Transaction& tx, std::span<const bus::IncomingMessage* const> fresh);
  // Applies one message in its own transaction, waiting with backoff between attempts; after
  // max_attempts failures (`failed` of them already made) parks it. Throws a transient error.
  void ApplyAlone(const bus::IncomingMessage& message, int failed, Failure last);
  void Park(const bus::IncomingMessage& message, int attempts, const Failure& failure);
  // The fields of every line logged while `message` is handled: this consumer's service, the
  // event id, the trace, and what describe_for_log finds, should a line be written.
  log::LogFields LogFieldsOf(const bus::IncomingMessage& message, std::string event_id) const;
  log::LogFieldsResolver DescribeLater(const bus::IncomingMessage& message) const;
  // Every consumer of an event handles it once, so the cache remembers (consumer, event) pairs:
  // one service having handled an event says nothing about another.
  std::string CacheKey(const std::string& event_id) const;
  void RememberInCache(const std::vector<std::string>& event_ids);

  db::Database& database_;
  cache::IdempotencyCache& cache_;
  bus::Publisher& dead_letter_publisher_;
  InboxConsumerConfig config_;
  MessageHandler handler_;  // one of these two is set
  BatchHandler batch_handler_;
  InboxCounters counters_;
};

}  // namespace sagashop::inbox
