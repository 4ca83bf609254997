#include "services/delivery/delivery_module.h"

#include "contracts/event_types.h"
#include "services/delivery/delivery_migrations.h"

namespace sagashop::delivery {

std::span<const db::Migration> DeliveryModule::Migrations() const {
  return DeliveryMigrations();
}

std::vector<std::string> DeliveryModule::SubscribedTopics() const {
  // order.created.v1 says where to deliver, stock.reserved.v1 says when, stock.released.v1 says
  // never.
  using namespace contracts;
  return {std::string(kOrderCreated), std::string(kStockReserved), std::string(kStockReleased)};
}

}  // namespace sagashop::delivery
