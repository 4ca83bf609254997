#pragma once

#include <span>

#include "platform/db/migration.h"

namespace sagashop::inventory {

// The Inventory service's schema: outbox, inbox, stock, reservations, the stock ledger and the
// order lines it learns from order.created.v1.
std::span<const db::Migration> InventoryMigrations();

}  // namespace sagashop::inventory
