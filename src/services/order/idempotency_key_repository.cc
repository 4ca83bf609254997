#include "services/order/idempotency_key_repository.h"

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

std::int64_t IdempotencyKeyRepository::DeleteExpired(const std::string& expired_before,
                                                     std::int64_t limit) {
  return tx_.Execute(kDeleteExpired, {expired_before, limit}).AffectedRows();
}

}  // namespace sagashop::order
