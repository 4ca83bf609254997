#include "platform/inbox/inbox_consumer.h"

#include <spdlog/spdlog.h>

#include <unordered_set>

#include "platform/core/backoff.h"
#include "platform/core/timestamp.h"
#include "platform/core/trace_parent.h"
#include "platform/core/utf8.h"
#include "platform/db/db_error.h"
#include "platform/db/row_batch.h"
#include "platform/inbox/dead_letter_message.h"
#include "platform/inbox/dead_letter_store.h"
#include "platform/log/log_scope.h"
#include "platform/log/sensitive_data.h"

namespace sagashop::inbox {
namespace {

constexpr db::Query kRecordInInbox{
    "inbox_record",
    "INSERT INTO inbox_events (event_id, event_type, status, processed_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING"};

// A batch's ids in one statement; the ids returned are those not seen before. An id twice in the
// batch is inserted once (the second one conflicts with the first).
constexpr db::Query kRecordBatchPostgres{
    "inbox_record_batch",
    "INSERT INTO inbox_events (event_id, event_type, status, processed_at) "
    "SELECT r->>0, r->>1, 'PROCESSED', $2::timestamptz FROM jsonb_array_elements($1::jsonb) AS r "
    "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"};
// `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
constexpr db::Query kRecordBatchSqlite{
    "inbox_record_batch",
    "INSERT INTO inbox_events (event_id, event_type, status, processed_at) "
    "SELECT value->>0, value->>1, 'PROCESSED', $2 FROM json_each($1) WHERE true "
    "ON CONFLICT (event_id) DO NOTHING RETURNING event_id"};

// inbox_events.event_id is VARCHAR(100).
constexpr std::size_t kMaxEventIdBytes = 100;

// Retrying can help only when something outside the message was at fault.
bool IsTransient(const std::exception& error) {
  if (const auto* db_error = dynamic_cast<const db::DbError*>(&error)) {
    return db_error->IsRetryable();
  }
  return dynamic_cast<const bus::BusError*>(&error) != nullptr ||
         dynamic_cast<const TransientError*>(&error) != nullptr;
}

}  // namespace

void InboxConsumerConfig::Validate() const {
  if (consumer.empty()) throw std::invalid_argument("inbox consumer: consumer must be set");
  if (max_attempts < 1) throw std::invalid_argument("inbox consumer: max_attempts must be >= 1");
  if (retry_backoff_initial.count() < 1 || retry_backoff_max < retry_backoff_initial) {
    throw std::invalid_argument(
        "inbox consumer: retry backoff must be positive, its max at least its initial wait");
  }
  if (!wait_between_attempts) {
    throw std::invalid_argument("inbox consumer: wait_between_attempts must be set");
  }
}

InboxConsumer::InboxConsumer(db::Database& database, cache::IdempotencyCache& cache,
                             bus::Publisher& dead_letter_publisher, InboxConsumerConfig config,
                             MessageHandler handler)
    : InboxConsumer(database, cache, dead_letter_publisher, std::move(config), BatchHandler()) {
  handler_ = std::move(handler);
}

InboxConsumer::InboxConsumer(db::Database& database, cache::IdempotencyCache& cache,
                             bus::Publisher& dead_letter_publisher, InboxConsumerConfig config,
                             BatchHandler handler)
    : database_(database),
      cache_(cache),
      dead_letter_publisher_(dead_letter_publisher),
      config_(std::move(config)),
      batch_handler_(std::move(handler)) {
  config_.Validate();
}

std::string InboxConsumer::EventIdOf(const bus::IncomingMessage& message) {
  if (auto id = message.FindHeader("ce_id");
      id && !id->empty() && id->size() <= kMaxEventIdBytes && IsStorableText(*id)) {
    return std::string(*id);
  }
  // Without a usable id the message is malformed; its position is stable across redeliveries.
  return message.topic + ":" + std::to_string(message.partition) + ":" +
         std::to_string(message.offset);
}

std::string InboxConsumer::CacheKey(const std::string& event_id) const {
  return config_.consumer + ":" + event_id;
}

log::LogFields InboxConsumer::LogFieldsOf(const bus::IncomingMessage& message,
                                          std::string event_id) const {
  return {.service = config_.consumer,
          .event_id = std::move(event_id),
          .trace_id = TraceIdOf(message.FindHeader("traceparent").value_or(""))};
}

log::LogFieldsResolver InboxConsumer::DescribeLater(const bus::IncomingMessage& message) const {
  if (!config_.describe_for_log) return {};
  return [this, &message](log::LogFields& fields) { config_.describe_for_log(message, fields); };
}

void InboxConsumer::RememberInCache(const std::vector<std::string>& event_ids) {
  if (event_ids.empty()) return;
  std::vector<std::string> keys;
  keys.reserve(event_ids.size());
  for (const std::string& id : event_ids) keys.push_back(CacheKey(id));
  cache_.Remember(keys, config_.cache_ttl);
}

void InboxConsumer::HandleBatch(std::span<const bus::IncomingMessage> batch) {
  std::vector<std::string> keys;
  keys.reserve(batch.size());
  for (const bus::IncomingMessage& message : batch) keys.push_back(CacheKey(EventIdOf(message)));
  const std::vector<bool> seen = cache_.FindSeen(keys);

  std::vector<const bus::IncomingMessage*> pending;
  pending.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (i < seen.size() && seen[i]) {
      ++counters_.duplicates_skipped;
      ++counters_.skipped_by_cache;
    } else {
      pending.push_back(&batch[i]);
    }
  }
  if (pending.empty()) return;

  try {
    RememberInCache(ApplyInOneTransaction(pending));
    return;
  } catch (const std::exception& error) {
    if (pending.size() == 1) {
      if (IsTransient(error)) throw;
      // The batch was this message alone: that was its first attempt.
      ApplyAlone(*pending.front(), 1, {error.what(), ErrorClassOf(error)});
      return;
    }
    // A single message can fail the batch: find it by applying them one at a time, so that the
    // ones before it are committed and a redelivery makes progress. For a transient error this
    // matters too: failing the whole batch again and again could starve it.
    spdlog::warn("{}: batch of {} failed ({}); retrying one by one", config_.consumer,
                 pending.size(), log::MaskSensitive(error.what()));
  }
  for (const bus::IncomingMessage* message : pending) ApplyAlone(*message, 0, {});
}

std::vector<std::string> InboxConsumer::ApplyInOneTransaction(
    std::span<const bus::IncomingMessage* const> messages) {
  const std::string now = NowRfc3339();
  std::unique_ptr<db::Transaction> tx = database_.Begin();
  const std::vector<const bus::IncomingMessage*> fresh = RecordNew(*tx, messages, now);
  counters_.duplicates_skipped += messages.size() - fresh.size();
  if (!fresh.empty()) {
    if (batch_handler_) {
      ApplyAll(*tx, fresh);
    } else {
      ApplyEach(*tx, fresh);
    }
  }
  tx->Commit();
  counters_.processed += fresh.size();
  std::vector<std::string> applied;
  applied.reserve(fresh.size());
  for (const bus::IncomingMessage* message : fresh) applied.push_back(EventIdOf(*message));
  return applied;
}

std::vector<const bus::IncomingMessage*> InboxConsumer::RecordNew(
    db::Transaction& tx, std::span<const bus::IncomingMessage* const> messages,
    const std::string& now) {
  db::RowBatch rows;
  for (const bus::IncomingMessage* message : messages) {
    rows.Add({EventIdOf(*message), message->topic});
  }
  const db::ResultSet inserted = tx.Execute(
      tx.GetDialect() == db::Dialect::kPostgres ? kRecordBatchPostgres : kRecordBatchSqlite,
      {rows.AsParam(), now});
  std::unordered_set<std::string> new_ids;
  for (std::size_t row = 0; row < inserted.RowCount(); ++row) new_ids.insert(inserted.Text(row, 0));
  std::vector<const bus::IncomingMessage*> fresh;
  fresh.reserve(new_ids.size());
  for (const bus::IncomingMessage* message : messages) {
    // erase: a second message with the same id is a duplicate of the first.
    if (new_ids.erase(EventIdOf(*message)) > 0) {
      fresh.push_back(message);
    } else {
      spdlog::debug("{}: skipped {} {}: handled before", config_.consumer, message->topic,
                    EventIdOf(*message));
    }
  }
  return fresh;
}

void InboxConsumer::ApplyEach(db::Transaction& tx,
                              std::span<const bus::IncomingMessage* const> fresh) {
  for (const bus::IncomingMessage* message : fresh) {
    const log::LogScope scope(LogFieldsOf(*message, EventIdOf(*message)), DescribeLater(*message));
    if (spdlog::should_log(spdlog::level::trace)) {
      spdlog::trace("applying {}: {}", message->topic, log::MaskSensitive(message->value));
    }
    handler_(tx, *message);
    spdlog::debug("applied {}", message->topic);
  }
}

void InboxConsumer::ApplyAll(db::Transaction& tx,
                             std::span<const bus::IncomingMessage* const> fresh) {
  // The lines ApplyEach writes, each in its message's scope, so that a saga's trace can be
  // followed through a service that applies batches at once too. Only when they are written.
  auto log_each = [&](spdlog::level::level_enum level, auto line) {
    if (!spdlog::should_log(level)) return;
    for (const bus::IncomingMessage* message : fresh) {
      const log::LogScope scope(LogFieldsOf(*message, EventIdOf(*message)),
                                DescribeLater(*message));
      line(*message);
    }
  };
  log_each(spdlog::level::trace, [](const bus::IncomingMessage& message) {
    spdlog::trace("applying {}: {}", message.topic, log::MaskSensitive(message.value));
  });
  batch_handler_(tx, fresh);
  log_each(spdlog::level::debug,
           [](const bus::IncomingMessage& message) { spdlog::debug("applied {}", message.topic); });
}

void InboxConsumer::ApplyAlone(const bus::IncomingMessage& message, int failed, Failure last) {
  const log::LogScope scope(LogFieldsOf(message, EventIdOf(message)), DescribeLater(message));
  Backoff backoff(config_.retry_backoff_initial, config_.retry_backoff_max);
  const bus::IncomingMessage* const alone = &message;
  while (failed < config_.max_attempts) {
    if (failed > 0) {
      const std::chrono::milliseconds delay = backoff.Next();
      spdlog::warn("{}: event {} on {} failed (attempt {} of {}), trying again in {} ms: {}",
                   config_.consumer, EventIdOf(message), message.topic, failed,
                   config_.max_attempts, delay.count(), log::MaskSensitive(last.error));
      ++counters_.retried;
      config_.wait_between_attempts(delay);
    }
    try {
      RememberInCache(ApplyInOneTransaction({&alone, 1}));
      return;
    } catch (const std::exception& error) {
      // Not the message's fault: the bus delivers it again after its own backoff, without limit.
      if (IsTransient(error)) throw;
      ++failed;
      last = {error.what(), ErrorClassOf(error)};
    }
  }
  Park(message, failed, last);
}

void InboxConsumer::Park(const bus::IncomingMessage& message, int attempts,
                         const Failure& failure) {
  const ParkingReason reason{.consumer = config_.consumer,
                             .error = failure.error,
                             .error_class = failure.error_class,
                             .attempts = attempts,
                             .time = NowRfc3339()};
  const bus::OutgoingMessage parked = BuildDeadLetterMessage(message, reason);
  // Published first: if the bus refuses it, nothing is recorded and the message comes again.
  if (dead_letter_publisher_.PublishBatch({&parked, 1}) != 1) {
    throw bus::BusError("could not park event on " + parked.topic);
  }

  const std::string event_id = EventIdOf(message);
  std::unique_ptr<db::Transaction> tx = database_.Begin();
  const bool recorded = tx->Execute(kRecordInInbox, {event_id, message.topic,
                                                     std::string("DEAD_LETTERED"), reason.time})
                            .AffectedRows() == 1;
  std::int64_t id = 0;
  if (recorded) {
    id = DeadLetterStore(*tx).Insert(
        {.consumer = config_.consumer,
         .event_id = event_id,
         .event_type = std::string(message.FindHeader("ce_type").value_or(message.topic)),
         .topic = message.topic,
         .partition = message.partition,
         .offset = message.offset,
         .key = message.key,
         .value = message.value,
         .headers = parked.headers,
         .error = RecordedError(failure.error),
         .error_class = failure.error_class,
         .attempts = attempts,
         .parked_at = reason.time});
  }
  tx->Commit();
  if (!recorded) {
    // Another member of the group handled it meanwhile (a rebalance); the record on the topic
    // stays, but there is nothing to replay.
    spdlog::warn("{}: event {} was handled elsewhere while it was being parked", config_.consumer,
                 event_id);
    return;
  }
  ++counters_.dead_lettered;
  spdlog::error("{}: event {} parked on {} as dead letter {}-{} after {} attempt(s): {}",
                config_.consumer, event_id, parked.topic, config_.consumer, id, attempts,
                log::MaskSensitive(failure.error));
}

}  // namespace sagashop::inbox
