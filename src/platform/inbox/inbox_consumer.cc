#include "platform/inbox/inbox_consumer.h"

#include <spdlog/spdlog.h>

#include "platform/core/timestamp.h"
#include "platform/db/db_error.h"

namespace sagashop::inbox {
namespace {

constexpr db::Query kRecordInInbox{
    "inbox_record",
    "INSERT INTO inbox_events (event_id, event_type, status, processed_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING"};

// Retrying can help only when something outside the message was at fault.
bool IsTransient(const std::exception& error) {
  if (const auto* db_error = dynamic_cast<const db::DbError*>(&error)) {
    return db_error->IsRetryable();
  }
  return dynamic_cast<const bus::BusError*>(&error) != nullptr ||
         dynamic_cast<const TransientError*>(&error) != nullptr;
}

}  // namespace

InboxConsumer::InboxConsumer(db::Database& database, cache::IdempotencyCache& cache,
                             bus::Publisher& dead_letter_publisher, InboxConsumerConfig config,
                             MessageHandler handler)
    : database_(database),
      cache_(cache),
      dead_letter_publisher_(dead_letter_publisher),
      config_(std::move(config)),
      handler_(std::move(handler)) {}

std::string InboxConsumer::EventIdOf(const bus::IncomingMessage& message) {
  if (auto id = message.FindHeader("ce_id"); id && !id->empty()) return std::string(*id);
  // Without an id the message is malformed; its position is stable across redeliveries.
  return message.topic + ":" + std::to_string(message.partition) + ":" +
         std::to_string(message.offset);
}

std::string InboxConsumer::CacheKey(const std::string& event_id) const {
  return config_.consumer + ":" + event_id;
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
  } catch (const std::exception& error) {
    // A single message can fail the batch: find it by applying them one at a time, so that the
    // ones before it are committed and a redelivery makes progress. For a transient error this
    // matters too: failing the whole batch again and again could starve it.
    if (pending.size() == 1 && IsTransient(error)) throw;
    spdlog::warn("{}: batch of {} failed ({}); retrying one by one", config_.consumer,
                 pending.size(), error.what());
    ApplyOneByOne(pending);
  }
}

std::vector<std::string> InboxConsumer::ApplyInOneTransaction(
    std::span<const bus::IncomingMessage* const> messages) {
  std::vector<std::string> applied;
  const std::string now = NowRfc3339();
  std::unique_ptr<db::Transaction> tx = database_.Begin();
  for (const bus::IncomingMessage* message : messages) {
    std::string id = EventIdOf(*message);
    const db::ResultSet inserted =
        tx->Execute(kRecordInInbox, {id, message->topic, std::string("PROCESSED"), now});
    if (inserted.AffectedRows() == 0) {
      ++counters_.duplicates_skipped;
      continue;
    }
    handler_(*tx, *message);
    applied.push_back(std::move(id));
  }
  tx->Commit();
  counters_.processed += applied.size();
  return applied;
}

void InboxConsumer::ApplyOneByOne(std::span<const bus::IncomingMessage* const> messages) {
  for (const bus::IncomingMessage* message : messages) {
    const std::string id = EventIdOf(*message);
    try {
      RememberInCache(ApplyInOneTransaction({&message, 1}));
      failed_attempts_.erase(id);
    } catch (const std::exception& error) {
      if (IsTransient(error)) throw;
      const int attempts = ++failed_attempts_[id];
      if (attempts < config_.max_attempts) {
        spdlog::warn("{}: event {} on {} failed (attempt {} of {}): {}", config_.consumer, id,
                     message->topic, attempts, config_.max_attempts, error.what());
        throw;  // the bus redelivers after a backoff
      }
      DeadLetter(*message, error.what());
      failed_attempts_.erase(id);
    }
  }
}

void InboxConsumer::DeadLetter(const bus::IncomingMessage& message, const std::string& error) {
  bus::OutgoingMessage parked{.topic = message.topic + ".dlt",
                              .key = message.key,
                              .value = message.value,
                              .headers = message.headers};
  parked.headers.push_back({"dlt_error", error});
  parked.headers.push_back({"dlt_consumer", config_.consumer});
  parked.headers.push_back({"dlt_original_topic", message.topic});
  parked.headers.push_back({"dlt_original_partition", std::to_string(message.partition)});
  parked.headers.push_back({"dlt_original_offset", std::to_string(message.offset)});
  parked.headers.push_back({"dlt_time", NowRfc3339()});
  if (dead_letter_publisher_.PublishBatch({&parked, 1}) != 1) {
    throw bus::BusError("could not park event on " + parked.topic);
  }
  std::unique_ptr<db::Transaction> tx = database_.Begin();
  tx->Execute(kRecordInInbox,
              {EventIdOf(message), message.topic, std::string("DEAD_LETTERED"), NowRfc3339()});
  tx->Commit();
  ++counters_.dead_lettered;
  spdlog::error("{}: event {} parked on {}: {}", config_.consumer, EventIdOf(message), parked.topic,
                error);
}

}  // namespace sagashop::inbox
