#include "platform/outbox/outbox_writer.h"

#include "platform/core/timestamp.h"
#include "platform/db/row_batch.h"

namespace sagashop::outbox {
namespace {

// Many rows in one statement (a JSON array, see db::RowBatch), ids taken in the array's order.
//
// The transaction gets its id (xid) before the rows take their outbox ids. A relay that sees a gap
// in the ids then knows the gap's writer was among the transactions running when it looked, and
// can wait for exactly those (see CommitHorizon). Without it, a writer whose first write is this
// INSERT takes an outbox id a moment before its xid and could slip past that wait.
constexpr db::Query kInsertOutboxPostgres{
    "outbox_insert",
    "INSERT INTO outbox_events (id, event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) SELECT CASE WHEN pg_current_xact_id() IS NOT NULL THEN "
    "nextval('outbox_events_id_seq') END, r->>0, r->>1, (r->>2)::bigint, r->>3, (r->>4)::jsonb, "
    "r->>5, "
    "'PENDING', $2::timestamptz FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n) "
    "ORDER BY n"};
// SQLite has one writer at a time: ids are taken and committed in the same order.
constexpr db::Query kInsertOutboxSqlite{
    "outbox_insert",
    "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) SELECT value->>0, value->>1, value->>2, value->>3, "
    "value->>4, value->>5, 'PENDING', $2 FROM json_each($1) ORDER BY key"};

// One row: a prepared statement with plain parameters, cheaper than the JSON batch for the
// one event most handlers write.
constexpr db::Query kInsertOneOutboxPostgres{
    "outbox_insert_one",
    "INSERT INTO outbox_events (id, event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) VALUES (CASE WHEN pg_current_xact_id() IS NOT NULL THEN "
    "nextval('outbox_events_id_seq') END, $1, $2, $3, $4, $5, $6, 'PENDING', $7)"};
constexpr db::Query kInsertOneOutboxSqlite{
    "outbox_insert_one",
    "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7)"};

db::Param TraceParentOf(const OutboxRecord& record) {
  return record.trace_parent.empty() ? db::Param{db::kNull} : db::Param{record.trace_parent};
}

}  // namespace

std::string OutboxChannel(std::string_view service) {
  return "sagashop_outbox_" + std::string(service);
}

void OutboxWriter::Append(const OutboxRecord& record) {
  AppendAll({&record, 1});
}

void OutboxWriter::AppendAll(std::span<const OutboxRecord> records) {
  if (records.empty()) return;
  if (records.size() == 1) {
    const OutboxRecord& record = records.front();
    tx_.Queue(tx_.GetDialect() == db::Dialect::kPostgres ? kInsertOneOutboxPostgres
                                                         : kInsertOneOutboxSqlite,
              {record.event_id, record.aggregate_type, record.aggregate_id, record.event_type,
               record.payload, TraceParentOf(record), NowRfc3339()});
    Notify();
    return;
  }
  db::RowBatch rows;
  for (const OutboxRecord& record : records) {
    rows.Add({record.event_id, record.aggregate_type, record.aggregate_id, record.event_type,
              record.payload, TraceParentOf(record)});
  }
  tx_.Queue(
      tx_.GetDialect() == db::Dialect::kPostgres ? kInsertOutboxPostgres : kInsertOutboxSqlite,
      {rows.AsParam(), NowRfc3339()});
  Notify();
}

void OutboxWriter::Notify() {
  if (notified_) return;
  tx_.Notify(channel_);
  notified_ = true;
}

}  // namespace sagashop::outbox
