#pragma once

#include <span>

#include "platform/db/migration.h"

namespace sagashop::payment {

// The Payment service's schema: outbox, inbox and payments.
std::span<const db::Migration> PaymentMigrations();

}  // namespace sagashop::payment
