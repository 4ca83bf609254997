#pragma once

#include "platform/core/timestamp.h"

namespace sagashop::delivery::testing {

// The moment the delivery decisions under test are taken at.
inline const SystemTime kNow = ParseTimestamp("2026-11-25T10:00:00.000000Z");

}  // namespace sagashop::delivery::testing
