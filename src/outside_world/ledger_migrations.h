#pragma once

#include <span>

#include "platform/db/migration.h"

namespace sagashop::outside_world {

// The simulator's own SQLite schema. The unique constraints are the ledger's promises: one entry
// per idempotency key, at most one refund per charge.
std::span<const db::Migration> LedgerMigrations();

}  // namespace sagashop::outside_world
