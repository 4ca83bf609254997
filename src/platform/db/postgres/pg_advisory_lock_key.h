#pragma once

#include <cstdint>
#include <string_view>

namespace sagashop::db {

// The 64-bit advisory lock key for a name: FNV-1a, so every process and build computes the same
// key for the same name (std::hash promises neither).
std::int64_t PgAdvisoryLockKey(std::string_view name);

}  // namespace sagashop::db
