#include "platform/outbox/commit_horizon.h"

#include <algorithm>

namespace sagashop::outbox {
namespace {

constexpr db::Query kSelectPendingPostgres{
    "outbox_select_pending",
    "SELECT id, event_id, aggregate_id, event_type, payload, trace_parent, created_at, "
    "pg_current_snapshot()::text FROM outbox_events WHERE status = 'PENDING' ORDER BY id "
    "LIMIT $1"};
constexpr db::Query kSelectPendingSqlite{
    "outbox_select_pending",
    "SELECT id, event_id, aggregate_id, event_type, payload, trace_parent, created_at, '' "
    "FROM outbox_events WHERE status = 'PENDING' ORDER BY id LIMIT $1"};

// Transactions of the snapshot still running in this database. A transaction can only write to
// the database it is connected to, so those of the server's other databases are not waited for.
constexpr db::Query kStillRunning{
    "outbox_horizon_still_running",
    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'transactionid' AND l.granted "
    "AND a.datid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND l.transactionid IN (SELECT xid(x) FROM pg_snapshot_xip($1::pg_snapshot) AS x)"};

}  // namespace

const db::Query& CommitHorizon::SelectPending() const {
  return dialect_ == db::Dialect::kPostgres ? kSelectPendingPostgres : kSelectPendingSqlite;
}

void CommitHorizon::Refresh(db::Database& database) {
  if (!barrier_) return;
  if (database.RunStatement(kStillRunning, {barrier_->snapshot}).Int64(0, 0) > 0) {
    barrier_->checked = true;
    return;
  }
  settled_through_ = std::max(settled_through_.value_or(0), barrier_->through_id);
  barrier_.reset();
}

std::size_t CommitHorizon::Admit(std::span<const std::int64_t> ids, std::string_view snapshot) {
  if (dialect_ == db::Dialect::kSqlite) return ids.size();
  std::size_t admitted = 0;
  for (const std::int64_t id : ids) {
    if (!settled_through_ || id > *settled_through_ + 1) break;
    // At or below the settled id, or the next one: nothing lower can still appear.
    settled_through_ = std::max(*settled_through_, id);
    ++admitted;
  }
  if (admitted < ids.size() && !barrier_) {
    barrier_ = Barrier{.snapshot = std::string(snapshot), .through_id = ids.back()};
  }
  return admitted;
}

}  // namespace sagashop::outbox
