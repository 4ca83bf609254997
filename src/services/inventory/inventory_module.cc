#include "services/inventory/inventory_module.h"

#include "contracts/event_types.h"
#include "services/inventory/inventory_migrations.h"

namespace sagashop::inventory {

std::span<const db::Migration> InventoryModule::Migrations() const {
  return InventoryMigrations();
}

std::vector<std::string> InventoryModule::SubscribedTopics() const {
  // order.created.v1 says what to reserve, payment.completed.v1 says when.
  using namespace contracts;
  return {std::string(kOrderCreated), std::string(kPaymentCompleted), std::string(kDeliveryStarted),
          std::string(kDeliveryFailed)};
}

}  // namespace sagashop::inventory
