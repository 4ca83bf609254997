#pragma once

#include <span>

#include "platform/db/migration.h"

namespace sagashop::delivery {

// The Delivery service's schema: outbox, inbox, deliveries and the requests they start from.
std::span<const db::Migration> DeliveryMigrations();

}  // namespace sagashop::delivery
