#include "services/payment/payment_module.h"

#include "contracts/event_types.h"
#include "platform/outcall/outside_call_metrics.h"
#include "services/common/compensation_counter.h"
#include "services/payment/payment_migrations.h"

namespace sagashop::payment {

PaymentModule::PaymentModule(db::Database& database, PaymentGateway& gateway,
                             metrics::MetricsRegistry& metrics,
                             outcall::OutsideCallDispatcherConfig calls)
    : api_(database),
      calls_(gateway, services::CompensationCounter(metrics, "refund")),
      dispatcher_(database, calls_, std::move(calls).For("payment", "payment-provider")),
      handler_(dispatcher_) {
  outcall::AddOutsideCallMetrics(metrics, dispatcher_, database);
}

std::span<const db::Migration> PaymentModule::Migrations() const {
  return PaymentMigrations();
}

std::vector<std::string> PaymentModule::SubscribedTopics() const {
  using namespace contracts;
  return {std::string(kOrderCreated), std::string(kStockReservationFailed),
          std::string(kDeliveryFailed)};
}

}  // namespace sagashop::payment
