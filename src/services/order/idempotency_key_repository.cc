#include "services/order/idempotency_key_repository.h"

#include "platform/db/row_batch.h"

namespace sagashop::order {
namespace {

constexpr db::Query kFindKey{
    "idempotency_key_find",
    "SELECT k.request_hash, k.order_id, o.saga_id, "
    "CASE WHEN k.created_at < $3 THEN 1 ELSE 0 END FROM idempotency_keys k "
    "JOIN orders o ON o.id = k.order_id WHERE k.user_id = $1 AND k.idempotency_key = $2"};

// An upsert that takes over only an expired key. On PostgreSQL a concurrent insert of the same key
// makes it wait for that transaction and then, the key being live, change nothing.
constexpr db::Query kClaimKey{
    "idempotency_key_claim",
    "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, idempotency_key) DO UPDATE SET "
    "request_hash = excluded.request_hash, order_id = excluded.order_id, "
    "created_at = excluded.created_at WHERE idempotency_keys.created_at < $6"};

// Rows: user id, key (and for the claim: request hash, order id).
constexpr db::Query kFindLivePostgres{
    "idempotency_keys_find_live",
    "SELECT k.user_id, k.idempotency_key FROM idempotency_keys k "
    "JOIN jsonb_array_elements($1::jsonb) AS r "
    "ON k.user_id = (r->>0)::bigint AND k.idempotency_key = r->>1 "
    "WHERE k.created_at >= $2::timestamptz"};
constexpr db::Query kFindLiveSqlite{
    "idempotency_keys_find_live",
    "SELECT k.user_id, k.idempotency_key FROM idempotency_keys k JOIN json_each($1) AS r "
    "ON k.user_id = r.value->>0 AND k.idempotency_key = r.value->>1 WHERE k.created_at >= $2"};
constexpr db::Query kClaimAllPostgres{
    "idempotency_keys_claim",
    "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, created_at) "
    "SELECT (r->>0)::bigint, r->>1, r->>2, (r->>3)::bigint, $2::timestamptz "
    "FROM jsonb_array_elements($1::jsonb) AS r "
    "ON CONFLICT (user_id, idempotency_key) DO UPDATE SET "
    "request_hash = excluded.request_hash, order_id = excluded.order_id, "
    "created_at = excluded.created_at WHERE idempotency_keys.created_at < $3::timestamptz"};
constexpr db::Query kClaimAllSqlite{
    "idempotency_keys_claim",
    "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, created_at) "
    "SELECT value->>0, value->>1, value->>2, value->>3, $2 FROM json_each($1) WHERE true "
    "ON CONFLICT (user_id, idempotency_key) DO UPDATE SET "
    "request_hash = excluded.request_hash, order_id = excluded.order_id, "
    "created_at = excluded.created_at WHERE idempotency_keys.created_at < $3"};

constexpr db::Query kDeleteExpired{
    "idempotency_key_delete_expired",
    "DELETE FROM idempotency_keys WHERE (user_id, idempotency_key) IN (SELECT user_id, "
    "idempotency_key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)"};

}  // namespace

std::optional<StoredKey> IdempotencyKeyRepository::Find(std::int64_t user_id,
                                                        const std::string& key,
                                                        const std::string& expired_before) {
  const db::ResultSet rows = tx_.Execute(kFindKey, {user_id, key, expired_before});
  if (rows.Empty()) return std::nullopt;
  return StoredKey{.request_fingerprint = rows.Text(0, 0),
                   .order_id = rows.Int64(0, 1),
                   .saga_id = rows.Text(0, 2),
                   .expired = rows.Int64(0, 3) == 1};
}

bool IdempotencyKeyRepository::Claim(std::int64_t user_id, const std::string& key,
                                     const std::string& fingerprint, std::int64_t order_id,
                                     const std::string& now, const std::string& expired_before) {
  return tx_.Execute(kClaimKey, {user_id, key, fingerprint, order_id, now, expired_before})
             .AffectedRows() == 1;
}

std::set<std::pair<std::int64_t, std::string>> IdempotencyKeyRepository::FindLive(
    std::span<const KeyUse> uses, const std::string& expired_before) {
  if (uses.empty()) return {};
  db::RowBatch rows;
  for (const KeyUse& use : uses) rows.Add({use.user_id, use.key});
  const db::ResultSet result =
      tx_.Execute(tx_.GetDialect() == db::Dialect::kPostgres ? kFindLivePostgres : kFindLiveSqlite,
                  {rows.AsParam(), expired_before});
  std::set<std::pair<std::int64_t, std::string>> live;
  for (std::size_t row = 0; row < result.RowCount(); ++row) {
    live.emplace(result.Int64(row, 0), result.Text(row, 1));
  }
  return live;
}

std::int64_t IdempotencyKeyRepository::ClaimAll(std::span<const KeyUse> uses,
                                                const std::string& now,
                                                const std::string& expired_before) {
  if (uses.empty()) return 0;
  db::RowBatch rows;
  for (const KeyUse& use : uses) rows.Add({use.user_id, use.key, use.fingerprint, use.order_id});
  return tx_
      .Execute(tx_.GetDialect() == db::Dialect::kPostgres ? kClaimAllPostgres : kClaimAllSqlite,
               {rows.AsParam(), now, expired_before})
      .AffectedRows();
}

std::int64_t IdempotencyKeyRepository::DeleteExpired(const std::string& expired_before,
                                                     std::int64_t limit) {
  return tx_.Execute(kDeleteExpired, {expired_before, limit}).AffectedRows();
}

}  // namespace sagashop::order
