#pragma once

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"
#include "services/common/compensation_counter.h"
#include "services/common/service_module.h"
#include "services/payment/payment_api.h"
#include "services/payment/payment_event_handler.h"

namespace sagashop::payment {

class PaymentModule final : public services::ServiceModule {
 public:
  PaymentModule(db::Database& database, PaymentGateway& gateway, metrics::MetricsRegistry& metrics)
      : api_(database), handler_(gateway, services::CompensationCounter(metrics, "refund")) {}

  std::string_view Name() const override { return "payment"; }
  std::span<const db::Migration> Migrations() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void HandleEvent(db::Transaction& tx, const bus::IncomingMessage& message) override {
    handler_.Handle(tx, message);
  }
  void RegisterRoutes(http::Router& router) override { api_.RegisterRoutes(router); }

 private:
  PaymentApi api_;
  PaymentEventHandler handler_;
};

}  // namespace sagashop::payment
