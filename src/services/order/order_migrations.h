#pragma once

#include <span>

#include "platform/db/migration.h"

namespace sagashop::order {

// The Order service's schema: outbox, inbox, orders, saga instances and their step history.
std::span<const db::Migration> OrderMigrations();

}  // namespace sagashop::order
