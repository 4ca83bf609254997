#include "services/payment/payment_module.h"

#include "contracts/event_types.h"
#include "services/payment/payment_migrations.h"

namespace sagashop::payment {

std::span<const db::Migration> PaymentModule::Migrations() const {
  return PaymentMigrations();
}

std::vector<std::string> PaymentModule::SubscribedTopics() const {
  using namespace contracts;
  return {std::string(kOrderCreated), std::string(kStockReservationFailed),
          std::string(kDeliveryFailed)};
}

}  // namespace sagashop::payment
