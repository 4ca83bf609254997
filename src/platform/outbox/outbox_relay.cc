#include "platform/outbox/outbox_relay.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

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

// PostgreSQL: the round's one statement marks the last batch and reads the next. The read sees the
// statement's snapshot, taken before the update, so it leaves the marked ids out itself.
constexpr db::Query kMarkSentAndSelectPendingPostgres{
    "outbox_mark_sent_and_select_pending",
    "WITH sent AS (UPDATE outbox_events SET status = 'SENT', sent_at = $2 "
    "WHERE id = ANY($1::bigint[])) "
    "SELECT id, event_id, aggregate_id, event_type, payload, trace_parent, created_at, "
    "pg_current_snapshot()::text FROM outbox_events WHERE status = 'PENDING' "
    "AND NOT (id = ANY($1::bigint[])) ORDER BY id LIMIT $3"};

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
      horizon_(database.GetDialect()),
      worker_(database,
              {.role = "outbox-relay:" + config_.service,
               .channel = OutboxChannel(config_.service),
               .name = "outbox relay of " + config_.service,
               .standby_retry = config_.standby_retry,
               .error_backoff_initial = std::chrono::milliseconds(50),
               .error_backoff_max = config_.error_backoff_max},
              [this] { return Round(); }) {
  config_.Validate();
}

OutboxRelay::~OutboxRelay() {
  Stop();
}

std::chrono::milliseconds OutboxRelay::Round() {
  const std::size_t published = PublishPendingBatch();
  if (std::chrono::steady_clock::now() >= next_prune_) {
    PruneSent();
    next_prune_ = std::chrono::steady_clock::now() + config_.prune_interval;
  }
  const bool more_read = read_ahead_ && read_ahead_->RowCount() > 0;
  if (published == config_.batch_size || more_read || horizon_.FreshGap()) {
    return std::chrono::milliseconds(0);
  }
  read_ahead_.reset();  // the next round comes after a wait: read afresh then
  // Rows held back behind a gap: a gap that fills wakes us with its commit's notification, one
  // that was rolled back does not, so look again soon.
  return horizon_.Waiting() ? std::min(config_.idle_poll, config_.held_back_recheck)
                            : config_.idle_poll;
}

db::ResultSet OutboxRelay::MarkSentAndReadPending(const std::vector<std::int64_t>& sent,
                                                  const std::optional<db::Statement>& follow_up) {
  horizon_.Refresh(database_);  // before reading, so the read sees every row of a settled gap
  const auto limit = static_cast<std::int64_t>(config_.batch_size);
  db::ResultSet rows;
  if (database_.GetDialect() == db::Dialect::kPostgres) {
    // Without a transaction around them: a round trip each.
    if (follow_up) database_.RunStatement(follow_up->query, follow_up->params);
    rows = sent.empty() ? database_.RunStatement(horizon_.SelectPending(), {limit})
                        : database_.RunStatement(
                              kMarkSentAndSelectPendingPostgres,
                              {IdList(db::Dialect::kPostgres, sent), NowRfc3339(), limit});
  } else {
    // SQLite cannot update in a WITH clause, and every commit is an fsync: one transaction.
    std::unique_ptr<db::Transaction> tx = database_.Begin();
    if (follow_up) tx->Execute(follow_up->query, follow_up->params);
    if (!sent.empty()) {
      tx->Execute(kMarkSentSqlite, {IdList(db::Dialect::kSqlite, sent), NowRfc3339()});
    }
    rows = tx->Execute(horizon_.SelectPending(), {limit});
    tx->Commit();
  }
  ++rounds_total_;
  return rows;
}

void OutboxRelay::MarkSent(const std::vector<std::int64_t>& ids,
                           const std::optional<db::Statement>& follow_up) {
  const db::Dialect dialect = database_.GetDialect();
  const db::Query& mark_sent =
      dialect == db::Dialect::kPostgres ? kMarkSentPostgres : kMarkSentSqlite;
  std::unique_ptr<db::Transaction> tx = database_.Begin();
  if (follow_up) tx->Execute(follow_up->query, follow_up->params);
  tx->Execute(mark_sent, {IdList(dialect, ids), NowRfc3339()});
  tx->Commit();
}

std::size_t OutboxRelay::PublishPendingBatch() {
  const bool read_already = read_ahead_ && read_ahead_->RowCount() > 0;
  const db::ResultSet rows = read_already ? *std::move(read_ahead_) : MarkSentAndReadPending({});
  read_ahead_.reset();
  std::vector<std::int64_t> ids;
  ids.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) ids.push_back(rows.Int64(row, 0));
  const std::size_t admitted = ids.empty() ? 0 : horizon_.Admit(ids, rows.Text(0, 7));
  held_back_total_ += ids.size() - admitted;
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
  ids.resize(acknowledged);
  const std::optional<db::Statement> follow_up = FollowUpOf(rows, acknowledged);
  if (acknowledged < messages.size()) {
    if (acknowledged > 0) {
      MarkSent(ids, follow_up);
      published_total_ += acknowledged;
    }
    throw bus::BusError("the bus acknowledged " + std::to_string(acknowledged) + " of " +
                        std::to_string(messages.size()) + " outbox events");
  }
  read_ahead_ = MarkSentAndReadPending(ids, follow_up);
  published_total_ += acknowledged;
  return acknowledged;
}

std::optional<db::Statement> OutboxRelay::FollowUpOf(const db::ResultSet& rows,
                                                     std::size_t count) const {
  if (!config_.on_published || count == 0) return std::nullopt;
  std::vector<PublishedEvent> events;
  events.reserve(count);
  for (std::size_t row = 0; row < count; ++row) {
    events.push_back({.event_type = rows.Text(row, 3), .aggregate_id = rows.Text(row, 2)});
  }
  return config_.on_published(events);
}

std::int64_t OutboxRelay::PruneSent() {
  const auto cutoff = std::chrono::system_clock::now() - config_.retention;
  return database_.RunStatement(kPruneSent, {FormatRfc3339(cutoff)}).AffectedRows();
}

}  // namespace sagashop::outbox
