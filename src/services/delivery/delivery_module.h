#pragma once

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"
#include "platform/outcall/outside_call_dispatcher.h"
#include "services/common/service_module.h"
#include "services/delivery/delivery_api.h"
#include "services/delivery/delivery_calls.h"
#include "services/delivery/delivery_event_handler.h"

namespace sagashop::delivery {

class DeliveryModule final : public services::ServiceModule {
 public:
  // `calls` configures the dispatcher of the calls to the carrier (its service and provider names
  // are filled in here). `cipher` (docs/security.md, Encryption at rest) must outlive the module.
  DeliveryModule(db::Database& database, Carrier& carrier, metrics::MetricsRegistry& metrics,
                 outcall::OutsideCallDispatcherConfig calls, const crypto::FieldCipher& cipher);

  std::string_view Name() const override { return "delivery"; }
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
  DeliveryApi api_;
  DeliveryCalls calls_;
  outcall::OutsideCallDispatcher dispatcher_;
  DeliveryEventHandler handler_;
};

}  // namespace sagashop::delivery
