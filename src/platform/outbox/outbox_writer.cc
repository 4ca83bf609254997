#include "platform/outbox/outbox_writer.h"

#include "platform/core/timestamp.h"

namespace sagashop::outbox {
namespace {

// The transaction gets its id (xid) before the row takes its outbox id. A relay that sees a gap in
// the ids then knows the gap's writer was among the transactions running when it looked, and can
// wait for exactly those (see CommitHorizon). Without it, a writer whose first write is this
// INSERT takes the outbox id a moment before its xid and could slip past that wait.
constexpr db::Query kInsertOutboxPostgres{
    "outbox_insert",
    "INSERT INTO outbox_events (id, event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) VALUES (CASE WHEN pg_current_xact_id() IS NOT NULL THEN "
    "nextval('outbox_events_id_seq') END, $1, $2, $3, $4, $5, $6, 'PENDING', $7)"};
// SQLite has one writer at a time: ids are taken and committed in the same order.
constexpr db::Query kInsertOutboxSqlite{
    "outbox_insert",
    "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7)"};

}  // namespace

std::string OutboxChannel(std::string_view service) {
  return "sagashop_outbox_" + std::string(service);
}

void OutboxWriter::Append(const OutboxRecord& record) {
  tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kInsertOutboxPostgres : kInsertOutboxSqlite,
      {record.event_id, record.aggregate_type, record.aggregate_id, record.event_type,
       record.payload,
       record.trace_parent.empty() ? db::Param{db::kNull} : db::Param{record.trace_parent},
       NowRfc3339()});
  if (!notified_) {
    tx_.Notify(channel_);
    notified_ = true;
  }
}

}  // namespace sagashop::outbox
