#pragma once

#include <span>

#include "platform/crypto/sealed_column.h"
#include "platform/db/migration.h"

namespace sagashop::order {

// The Order service's schema: outbox, inbox, orders, saga instances and their step history.
std::span<const db::Migration> OrderMigrations();

// Where its personal data rests sealed: orders and their order.created.v1 events in the outbox.
std::span<const crypto::SealedColumn> OrderSealedColumns();

}  // namespace sagashop::order
