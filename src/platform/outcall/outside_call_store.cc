#include "platform/outcall/outside_call_store.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "platform/core/timestamp.h"
#include "platform/db/row_batch.h"

namespace sagashop::outcall {
namespace {

constexpr db::Query kEnqueue{
    "outcall_enqueue",
    "INSERT INTO outside_calls (kind, idempotency_key, ordering_key, request, next_attempt_ms, "
    "correlation_id, trace_parent, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (idempotency_key) DO NOTHING"};

// Many intents in one statement (rows: kind, idempotency key, ordering key, request, correlation
// id, trace parent, may claim), each claimed as it is recorded when it may be (the first of its
// ordering key in the batch) and no older call of its ordering key is pending: its first attempt,
// leased until $2. The others are due at once ($3). The check reads the table as it was before
// the statement, so the batch's own rows are kept apart by "may claim". Rows are inserted in
// batch order, so calls of one ordering key keep it. Returns the rows inserted.
constexpr db::Query kEnqueueClaimedPostgres{
    "outcall_enqueue_claimed",
    "INSERT INTO outside_calls (kind, idempotency_key, ordering_key, request, attempts, "
    "in_attempt, next_attempt_ms, correlation_id, trace_parent, created_at, updated_at) "
    "SELECT r->>0, r->>1, (r->>2)::bigint, r->>3, c.claimed, c.claimed, "
    "CASE WHEN c.claimed = 1 THEN $2::bigint ELSE $3::bigint END, r->>4, r->>5, "
    "$4::timestamptz, $4::timestamptz "
    "FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n), "
    "LATERAL (SELECT CASE WHEN (r->>6)::int = 1 AND NOT EXISTS (SELECT 1 FROM outside_calls p "
    "WHERE p.ordering_key = (r->>2)::bigint AND p.status = 'PENDING') THEN 1 ELSE 0 END "
    "AS claimed) AS c ORDER BY n "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key, in_attempt"};
// `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
constexpr db::Query kEnqueueClaimedSqlite{
    "outcall_enqueue_claimed",
    "INSERT INTO outside_calls (kind, idempotency_key, ordering_key, request, attempts, "
    "in_attempt, next_attempt_ms, correlation_id, trace_parent, created_at, updated_at) "
    "SELECT value->>0, value->>1, value->>2, value->>3, claimed, claimed, "
    "CASE WHEN claimed = 1 THEN $2 ELSE $3 END, value->>4, value->>5, $4, $4 "
    "FROM (SELECT key, value, CASE WHEN value->>6 = 1 AND NOT EXISTS (SELECT 1 FROM "
    "outside_calls p WHERE p.ordering_key = value->>2 AND p.status = 'PENDING') THEN 1 ELSE 0 "
    "END AS claimed FROM json_each($1)) WHERE true ORDER BY key "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key, in_attempt"};

// The oldest due calls whose ordering key has no older call pending. The two dialects differ only
// in how concurrent claimants keep apart: PostgreSQL locks the rows it picks and skips those
// another claimant holds; SQLite has a single writer, so a claim never races another.
#define SAGASHOP_CLAIMABLE                                                                   \
  "SELECT c.id FROM outside_calls c WHERE c.status = 'PENDING' AND c.next_attempt_ms <= $1 " \
  "AND NOT EXISTS (SELECT 1 FROM outside_calls e WHERE e.ordering_key = c.ordering_key "     \
  "AND e.status = 'PENDING' AND e.id < c.id) ORDER BY c.id LIMIT $3"
// A call still in_attempt when claimed again had a claimant that died mid-attempt: the provider
// may have it.
#define SAGASHOP_CLAIM(claimable)                                                               \
  "UPDATE outside_calls SET attempts = attempts + 1, next_attempt_ms = $2, "                    \
  "uncertain = CASE WHEN in_attempt = 1 THEN 1 ELSE uncertain END, in_attempt = 1 WHERE id IN " \
  "(" claimable                                                                                 \
  ") RETURNING id, kind, idempotency_key, ordering_key, request, attempts, "                    \
  "correlation_id, trace_parent, uncertain"

constexpr db::Query kClaimPostgres{"outcall_claim_pg",
                                   SAGASHOP_CLAIM(SAGASHOP_CLAIMABLE " FOR UPDATE SKIP LOCKED")};
constexpr db::Query kClaimSqlite{"outcall_claim_sqlite", SAGASHOP_CLAIM(SAGASHOP_CLAIMABLE)};

constexpr db::Query kMarkDone{"outcall_mark_done",
                              "UPDATE outside_calls SET status = 'DONE', result = $2, "
                              "in_attempt = 0, updated_at = $3 "
                              "WHERE id = $1 AND status = 'PENDING'"};

// Rows: id, result.
constexpr db::Query kMarkDoneAllPostgres{
    "outcall_mark_done_all",
    "UPDATE outside_calls AS c SET status = 'DONE', result = r->>1, in_attempt = 0, "
    "updated_at = $2::timestamptz FROM jsonb_array_elements($1::jsonb) AS r "
    "WHERE c.id = (r->>0)::bigint AND c.status = 'PENDING' RETURNING c.id"};
constexpr db::Query kMarkDoneAllSqlite{
    "outcall_mark_done_all",
    "UPDATE outside_calls SET status = 'DONE', result = r.value->>1, in_attempt = 0, "
    "updated_at = $2 FROM json_each($1) AS r "
    "WHERE outside_calls.id = r.value->>0 AND outside_calls.status = 'PENDING' RETURNING id"};

constexpr db::Query kReschedule{
    "outcall_reschedule",
    "UPDATE outside_calls SET next_attempt_ms = $2, last_error = $3, "
    "in_attempt = 0, uncertain = CASE WHEN $5 = 1 THEN 1 ELSE uncertain "
    "END, updated_at = $4 WHERE id = $1 AND status = 'PENDING'"};

constexpr db::Query kPruneDone{
    "outcall_prune_done",
    "DELETE FROM outside_calls WHERE id IN (SELECT id FROM outside_calls "
    "WHERE status = 'DONE' AND updated_at < $1 ORDER BY id LIMIT 10000)"};

constexpr db::Query kCountPending{"outcall_count_pending",
                                  "SELECT COUNT(*) FROM outside_calls WHERE status = 'PENDING'"};

// outside_calls.last_error is VARCHAR(500).
std::string Truncated(const std::string& text) {
  return text.size() <= 500 ? text : text.substr(0, 497) + "...";
}

}  // namespace

std::int64_t NowEpochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool OutsideCallStore::Enqueue(const NewOutsideCall& call) {
  return tx_.Execute(kEnqueue, {call.kind, call.idempotency_key, call.ordering_key, call.request,
                                NowEpochMs(), call.correlation_id, call.trace_parent, NowRfc3339()})
             .AffectedRows() == 1;
}

OutsideCallStore::Enqueued OutsideCallStore::EnqueueClaimed(const NewOutsideCall& call,
                                                            std::int64_t lease_until_ms) {
  return EnqueueClaimedAll({&call, 1}, lease_until_ms).front();
}

std::vector<OutsideCallStore::Enqueued> OutsideCallStore::EnqueueClaimedAll(
    std::span<const NewOutsideCall> calls, std::int64_t lease_until_ms, std::size_t claim_limit) {
  std::vector<Enqueued> enqueued(calls.size());
  // The statement sees each idempotency key once (the first), and lets only the first call of an
  // ordering key be claimed: a later one waits for it, as it would in a later transaction.
  std::unordered_map<std::string_view, std::size_t> sent;  // idempotency key -> index in calls
  std::unordered_set<std::int64_t> ordering_keys;
  db::RowBatch rows;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const NewOutsideCall& call = calls[i];
    if (!sent.emplace(call.idempotency_key, i).second) continue;
    const bool may_claim =
        ordering_keys.insert(call.ordering_key).second && ordering_keys.size() <= claim_limit;
    rows.Add({call.kind, call.idempotency_key, call.ordering_key, call.request, call.correlation_id,
              call.trace_parent, std::int64_t{may_claim ? 1 : 0}});
  }
  if (rows.Empty()) return enqueued;
  const db::ResultSet inserted = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kEnqueueClaimedPostgres : kEnqueueClaimedSqlite,
      {rows.AsParam(), lease_until_ms, NowEpochMs(), NowRfc3339()});
  for (std::size_t row = 0; row < inserted.RowCount(); ++row) {
    const std::size_t i = sent.at(inserted.Text(row, 1));
    enqueued[i].recorded = true;
    if (inserted.Int64(row, 2) == 0) continue;  // waits for an older call of its ordering key
    OutsideCall claimed;
    static_cast<NewOutsideCall&>(claimed) = calls[i];
    claimed.id = inserted.Int64(row, 0);
    claimed.attempts = 1;
    enqueued[i].claimed = std::move(claimed);
  }
  return enqueued;
}

std::vector<OutsideCall> OutsideCallStore::ClaimDue(std::int64_t now_ms,
                                                    std::int64_t lease_until_ms,
                                                    std::size_t limit) {
  const db::Query& claim =
      tx_.GetDialect() == db::Dialect::kPostgres ? kClaimPostgres : kClaimSqlite;
  const db::ResultSet rows =
      tx_.Execute(claim, {now_ms, lease_until_ms, static_cast<std::int64_t>(limit)});
  std::vector<OutsideCall> calls;
  calls.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    OutsideCall call;
    call.id = rows.Int64(row, 0);
    call.kind = rows.Text(row, 1);
    call.idempotency_key = rows.Text(row, 2);
    call.ordering_key = rows.Int64(row, 3);
    call.request = rows.Text(row, 4);
    call.attempts = static_cast<int>(rows.Int64(row, 5));
    call.correlation_id = rows.Text(row, 6);
    call.trace_parent = rows.Text(row, 7);
    call.uncertain = rows.Int64(row, 8) != 0;
    calls.push_back(std::move(call));
  }
  // RETURNING gives no order; calls are made in the order they were decided.
  std::sort(calls.begin(), calls.end(),
            [](const OutsideCall& a, const OutsideCall& b) { return a.id < b.id; });
  return calls;
}

bool OutsideCallStore::MarkDone(std::int64_t id, const std::string& result) {
  return tx_.Execute(kMarkDone, {id, result, NowRfc3339()}).AffectedRows() == 1;
}

std::unordered_set<std::int64_t> OutsideCallStore::MarkDoneAll(
    std::span<const std::int64_t> ids, std::span<const std::string* const> results) {
  if (ids.empty()) return {};
  if (ids.size() == 1) {  // a plain prepared statement is cheaper for one row
    if (!MarkDone(ids.front(), *results.front())) return {};
    return {ids.front()};
  }
  db::RowBatch rows;
  for (std::size_t i = 0; i < ids.size(); ++i) rows.Add({ids[i], *results[i]});
  const db::ResultSet done = tx_.Execute(
      tx_.GetDialect() == db::Dialect::kPostgres ? kMarkDoneAllPostgres : kMarkDoneAllSqlite,
      {rows.AsParam(), NowRfc3339()});
  std::unordered_set<std::int64_t> marked;
  for (std::size_t row = 0; row < done.RowCount(); ++row) marked.insert(done.Int64(row, 0));
  return marked;
}

void OutsideCallStore::Reschedule(std::int64_t id, std::int64_t next_attempt_ms,
                                  const std::string& error, bool uncertain) {
  tx_.Queue(kReschedule,
            {id, next_attempt_ms, Truncated(error), NowRfc3339(), std::int64_t{uncertain ? 1 : 0}});
}

std::int64_t OutsideCallStore::PruneDone(const std::string& cutoff) {
  return tx_.Execute(kPruneDone, {cutoff}).AffectedRows();
}

std::int64_t OutsideCallStore::CountPending() {
  return tx_.Execute(kCountPending).Int64(0, 0);
}

}  // namespace sagashop::outcall
