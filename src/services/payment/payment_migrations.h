#pragma once

#include <span>

#include "platform/crypto/sealed_column.h"
#include "platform/db/migration.h"

namespace sagashop::payment {

// The Payment service's schema: outbox, inbox and payments.
std::span<const db::Migration> PaymentMigrations();

// Where its personal data rests sealed: parked order.created.v1 events.
std::span<const crypto::SealedColumn> PaymentSealedColumns();

}  // namespace sagashop::payment
