#include "platform/outbox/outbox_backlog.h"

#include <algorithm>

namespace sagashop::outbox {
namespace {

// The age in microseconds, computed by the database so that no timestamp text is parsed here.
constexpr db::Query kBacklogPostgres{
    "outbox_backlog",
    "SELECT count(*), COALESCE(CAST(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) "
    "* 1000000 AS bigint), 0) FROM outbox_events WHERE status = 'PENDING'"};
constexpr db::Query kBacklogSqlite{
    "outbox_backlog",
    "SELECT count(*), COALESCE(CAST((julianday('now') - julianday(min(created_at))) "
    "* 86400000000 AS INTEGER), 0) FROM outbox_events WHERE status = 'PENDING'"};

}  // namespace

OutboxBacklog ReadOutboxBacklog(db::Database& database) {
  const db::ResultSet rows = database.RunStatement(
      database.GetDialect() == db::Dialect::kPostgres ? kBacklogPostgres : kBacklogSqlite);
  // A row written by a clock slightly ahead of the database's would have a negative age.
  const std::int64_t age_us = std::max<std::int64_t>(rows.Int64(0, 1), 0);
  return {.pending = rows.Int64(0, 0), .oldest_age = std::chrono::microseconds(age_us)};
}

}  // namespace sagashop::outbox
