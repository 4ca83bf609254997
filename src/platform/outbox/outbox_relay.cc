#include "platform/outbox/outbox_relay.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "platform/core/backoff.h"
#include "platform/core/timestamp.h"
#include "platform/db/db_error.h"
#include "platform/outbox/outbox_writer.h"

namespace sagashop::outbox {
namespace {

// Rows are marked by their ids, never by an id range: a transaction that took a lower id may
// commit after higher ids were published, and a range would mark it SENT unpublished.
constexpr db::Query kMarkSentPostgres{
    "outbox_mark_sent",
    "UPDATE outbox_events SET status = 'SENT', sent_at = $2 WHERE id = ANY($1::bigint[])"};
constexpr db::Query kMarkSentSqlite{"outbox_mark_sent",
                                    "UPDATE outbox_events SET status = 'SENT', sent_at = $2 "
                                    "WHERE id IN (SELECT value FROM json_each($1))"};

constexpr db::Query kPruneSent{
    "outbox_prune_sent",
    "DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events "
    "WHERE status = 'SENT' AND sent_at < $1 ORDER BY id LIMIT 10000)"};

std::string IdList(db::Dialect dialect, const std::vector<std::int64_t>& ids) {
  std::string text = dialect == db::Dialect::kPostgres ? "{" : "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) text += ',';
    text += std::to_string(ids[i]);
  }
  text += dialect == db::Dialect::kPostgres ? "}" : "]";
  return text;
}

}  // namespace

void OutboxRelayConfig::Validate() const {
  if (service.empty()) throw std::invalid_argument("outbox relay: service must be set");
  if (batch_size == 0) throw std::invalid_argument("outbox-batch-size must be positive");
  if (idle_poll.count() <= 0) throw std::invalid_argument("outbox-poll-ms must be positive");
  if (held_back_recheck.count() <= 0) {
    throw std::invalid_argument("outbox relay: held_back_recheck must be positive");
  }
  if (retention.count() <= 0)
    throw std::invalid_argument("outbox-retention-hours must be positive");
}

OutboxRelay::OutboxRelay(db::Database& database, bus::Publisher& publisher,
                         OutboxRelayConfig config)
    : database_(database),
      publisher_(publisher),
      config_(std::move(config)),
      source_("sagashop/" + config_.service),
      horizon_(database.GetDialect()) {
  config_.Validate();
}

OutboxRelay::~OutboxRelay() {
  Stop();
}

void OutboxRelay::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  bool was_running = false;
  {
    std::lock_guard lock(mutex_);
    was_running = thread_.joinable() && !stopping_;
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (was_running) {
    // The relay may be waiting on its channel; an empty transaction that notifies wakes it now
    // instead of at the end of its poll interval.
    try {
      std::unique_ptr<db::Transaction> tx = database_.Begin();
      tx->Notify(OutboxChannel(config_.service));
      tx->Commit();
    } catch (const std::exception&) {
      // Without the database the relay is not blocked on it either; it stops on its next check.
    }
  }
  if (thread_.joinable()) thread_.join();
}

bool OutboxRelay::PauseFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, timeout, [this] { return stopping_; });
}

void OutboxRelay::Run() {
  Backoff backoff(std::chrono::milliseconds(100), config_.error_backoff_max);
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    try {
      std::unique_ptr<db::LeaderLease> lease =
          database_.TryAcquireLeadership("outbox-relay:" + config_.service);
      if (!lease) {
        if (!PauseFor(config_.standby_retry)) break;
        continue;
      }
      spdlog::info("outbox relay of {} is active", config_.service);
      active_ = true;
      RunWhileLeader(*lease);
      active_ = false;
      backoff.Reset();
    } catch (const std::exception& error) {
      active_ = false;
      spdlog::warn("outbox relay of {}: {}", config_.service, error.what());
      if (!PauseFor(backoff.Next())) break;
    }
  }
  active_ = false;
}

void OutboxRelay::RunWhileLeader(db::LeaderLease& lease) {
  // Listen before the first read, so a row committed in between still wakes us.
  std::unique_ptr<db::NotificationListener> listener =
      database_.Listen(OutboxChannel(config_.service));
  auto next_prune = std::chrono::steady_clock::now();
  Backoff backoff(std::chrono::milliseconds(50), config_.error_backoff_max);
  while (lease.StillHeld()) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    std::size_t published = 0;
    try {
      published = PublishPendingBatch();
      if (std::chrono::steady_clock::now() >= next_prune) {
        PruneSent();
        next_prune = std::chrono::steady_clock::now() + config_.prune_interval;
      }
      backoff.Reset();
    } catch (const std::exception& error) {
      // The bus or the database is unavailable: rows stay PENDING and are retried.
      spdlog::warn("outbox relay of {}: {}", config_.service, error.what());
      if (!PauseFor(backoff.Next())) return;
      continue;
    }
    if (published == config_.batch_size || horizon_.FreshGap()) continue;
    // Rows held back behind a gap: a gap that fills wakes us with its commit's notification, one
    // that was rolled back does not, so look again soon.
    listener->WaitForNotification(horizon_.Waiting()
                                      ? std::min(config_.idle_poll, config_.held_back_recheck)
                                      : config_.idle_poll);
  }
  spdlog::warn("outbox relay of {} lost its lease", config_.service);
}

std::size_t OutboxRelay::PublishPendingBatch() {
  db::ResultSet rows;
  std::vector<std::int64_t> ids;
  std::size_t admitted = 0;
  {
    std::unique_ptr<db::Transaction> tx = database_.Begin();
    horizon_.Refresh(*tx);  // before reading, so the read sees every row of a settled gap
    rows = tx->Execute(horizon_.SelectPending(), {static_cast<std::int64_t>(config_.batch_size)});
    tx->Commit();
    ids.reserve(rows.RowCount());
    for (std::size_t row = 0; row < rows.RowCount(); ++row) ids.push_back(rows.Int64(row, 0));
    if (!ids.empty()) admitted = horizon_.Admit(ids, rows.Text(0, 7));
  }
  held_back_total_ += ids.size() - admitted;
  ++rounds_total_;
  ids.resize(admitted);
  if (ids.empty()) return 0;

  std::vector<bus::OutgoingMessage> messages;
  messages.reserve(ids.size());
  for (std::size_t row = 0; row < ids.size(); ++row) {
    bus::OutgoingMessage& message = messages.emplace_back();
    message.topic = rows.Text(row, 3);
    message.key = rows.Text(row, 2);
    message.value = rows.Text(row, 4);
    message.headers = {{"ce_specversion", "1.0"},
                       {"ce_id", rows.Text(row, 1)},
                       {"ce_type", message.topic},
                       {"ce_source", source_},
                       {"ce_time", NormalizeTimestamp(rows.Text(row, 6))},
                       {"content-type", "application/json"}};
    if (auto trace_parent = rows.OptionalText(row, 5)) {
      message.headers.push_back({"traceparent", *trace_parent});
    }
  }

  const std::size_t acknowledged = publisher_.PublishBatch(messages);
  if (acknowledged > 0) {
    ids.resize(acknowledged);
    const db::Query& mark_sent =
        database_.GetDialect() == db::Dialect::kPostgres ? kMarkSentPostgres : kMarkSentSqlite;
    std::unique_ptr<db::Transaction> tx = database_.Begin();
    tx->Execute(mark_sent, {IdList(database_.GetDialect(), ids), NowRfc3339()});
    tx->Commit();
    published_total_ += acknowledged;
  }
  if (acknowledged < messages.size()) {
    throw bus::BusError("the bus acknowledged " + std::to_string(acknowledged) + " of " +
                        std::to_string(messages.size()) + " outbox events");
  }
  return acknowledged;
}

std::int64_t OutboxRelay::PruneSent() {
  const auto cutoff = std::chrono::system_clock::now() - config_.retention;
  std::unique_ptr<db::Transaction> tx = database_.Begin();
  const std::int64_t pruned = tx->Execute(kPruneSent, {FormatRfc3339(cutoff)}).AffectedRows();
  tx->Commit();
  return pruned;
}

}  // namespace sagashop::outbox
