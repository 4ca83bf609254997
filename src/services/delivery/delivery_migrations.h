#pragma once

#include <span>

#include "platform/crypto/sealed_column.h"
#include "platform/db/migration.h"

namespace sagashop::delivery {

// The Delivery service's schema: outbox, inbox, deliveries and the requests they start from.
std::span<const db::Migration> DeliveryMigrations();

// Where its personal data rests sealed: deliveries, requests, shipment calls and parked
// order.created.v1 events.
std::span<const crypto::SealedColumn> DeliverySealedColumns();

}  // namespace sagashop::delivery
