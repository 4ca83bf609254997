#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sagashop::order {

// An Idempotency-Key as the Order service keeps it: scoped to one user, naming the order its first
// request created and a fingerprint of that request.
struct StoredKey {
  std::string request_fingerprint;
  std::int64_t order_id = 0;
  std::string saga_id;
  bool expired = false;  // first used longer ago than the retention period
};

// What a request carrying a key is, given what is stored under that key (the IETF
// Idempotency-Key draft's scenarios).
enum class KeyReuse {
  kFirstUse,          // never used, or its retention has passed: process the request
  kRetry,             // same request again: answer as the first time, create nothing
  kDifferentRequest,  // same key, different request: 422
};

KeyReuse ClassifyKeyReuse(const std::optional<StoredKey>& stored, std::string_view fingerprint);

}  // namespace sagashop::order
