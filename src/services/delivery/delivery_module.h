#pragma once

#include "platform/db/database.h"
#include "services/common/service_module.h"
#include "services/delivery/delivery_api.h"
#include "services/delivery/delivery_event_handler.h"

namespace sagashop::delivery {

class DeliveryModule final : public services::ServiceModule {
 public:
  DeliveryModule(db::Database& database, Carrier& carrier) : api_(database), handler_(carrier) {}

  std::string_view Name() const override { return "delivery"; }
  std::span<const db::Migration> Migrations() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void HandleEvent(db::Transaction& tx, const bus::IncomingMessage& message) override {
    handler_.Handle(tx, message);
  }
  void RegisterRoutes(http::Router& router) override { api_.RegisterRoutes(router); }

 private:
  DeliveryApi api_;
  DeliveryEventHandler handler_;
};

}  // namespace sagashop::delivery
