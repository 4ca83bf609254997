#pragma once

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"
#include "platform/outcall/outside_call_dispatcher.h"
#include "services/common/service_module.h"
#include "services/payment/payment_api.h"
#include "services/payment/payment_calls.h"
#include "services/payment/payment_event_handler.h"

namespace sagashop::payment {

class PaymentModule final : public services::ServiceModule {
 public:
  // `calls` configures the dispatcher of the calls to the provider (its service and provider
  // names are filled in here).
  PaymentModule(db::Database& database, PaymentGateway& gateway, metrics::MetricsRegistry& metrics,
                outcall::OutsideCallDispatcherConfig calls);

  std::string_view Name() const override { return "payment"; }
  std::span<const db::Migration> Migrations() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void HandleEvents(db::Transaction& tx,
                    std::span<const bus::IncomingMessage* const> messages) override {
    handler_.Handle(tx, messages);
  }
  void RegisterRoutes(http::Router& router) override { api_.RegisterRoutes(router); }
  void StartBackgroundWork() override { dispatcher_.Start(); }
  void StopBackgroundWork() override { dispatcher_.Stop(); }

 private:
  PaymentApi api_;
  PaymentCalls calls_;
  outcall::OutsideCallDispatcher dispatcher_;
  PaymentEventHandler handler_;
};

}  // namespace sagashop::payment
