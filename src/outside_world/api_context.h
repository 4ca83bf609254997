#pragma once

#include <cstdint>

#include "outside_world/face.h"
#include "platform/core/later.h"
#include "outside_world/ledger.h"

namespace sagashop::outside_world {

// What the simulator's HTTP handlers share. Owned by OutsideWorld, which outlives its server.
struct ApiContext {
  Ledger& ledger;
  Face& payment;
  Face& carrier;
  Later& later;
  std::int64_t payment_limit = 0;
};

}  // namespace sagashop::outside_world
