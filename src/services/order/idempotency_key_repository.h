#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "platform/db/transaction.h"
#include "services/order/domain/key_reuse.h"

namespace sagashop::order {

// The Idempotency-Keys of POST /orders, within one transaction. A key belongs to one user and
// lives for the retention period from its first use; after that it is expired, may name a new
// order, and is deleted by the sweeper. Times are RFC 3339 text; a key first used before
// `expired_before` is expired.
class IdempotencyKeyRepository {
 public:
  explicit IdempotencyKeyRepository(db::Transaction& tx) : tx_(tx) {}

  std::optional<StoredKey> Find(std::int64_t user_id, const std::string& key,
                                const std::string& expired_before);

  // Records that the key names `order_id`, replacing an expired use of it. False when a live use
  // is there: a concurrent request with this key committed first (PostgreSQL makes this call wait
  // for it), and this transaction must be abandoned and rerun to answer as that one did.
  bool Claim(std::int64_t user_id, const std::string& key, const std::string& fingerprint,
             std::int64_t order_id, const std::string& now, const std::string& expired_before);

  // A group of requests' keys (group commit of POST /orders), one statement each.
  struct KeyUse {
    std::int64_t user_id = 0;
    std::string key;
    std::string fingerprint;
    std::int64_t order_id = 0;  // for ClaimAll
  };
  // Those of `uses` whose key is live (used within the retention), as (user id, key).
  std::set<std::pair<std::int64_t, std::string>> FindLive(std::span<const KeyUse> uses,
                                                          const std::string& expired_before);
  // Claim for each of `uses`; returns how many were claimed. Fewer than asked: a concurrent
  // request took a key first, and the caller must abandon its transaction (see Claim).
  std::int64_t ClaimAll(std::span<const KeyUse> uses, const std::string& now,
                        const std::string& expired_before);

  // Deletes up to `limit` expired keys, oldest first; returns how many.
  std::int64_t DeleteExpired(const std::string& expired_before, std::int64_t limit);

 private:
  db::Transaction& tx_;
};

}  // namespace sagashop::order
