#include "platform/db/postgres/pg_advisory_lock_key.h"

namespace sagashop::db {

std::int64_t PgAdvisoryLockKey(std::string_view name) {
  constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  std::uint64_t hash = kOffsetBasis;
  for (unsigned char byte : name) {
    hash ^= byte;
    hash *= kPrime;
  }
  return static_cast<std::int64_t>(hash);  // C++20: two's complement, no overflow
}

}  // namespace sagashop::db
