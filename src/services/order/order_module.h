#pragma once

#include "platform/db/database.h"
#include "services/common/service_module.h"
#include "services/order/order_api.h"

namespace sagashop::order {

class OrderModule final : public services::ServiceModule {
 public:
  OrderModule(db::Database& database, std::chrono::seconds stuck_after)
      : api_(database, stuck_after) {}

  std::string_view Name() const override { return "order"; }
  std::span<const db::Migration> Migrations() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void HandleEvent(db::Transaction& tx, const bus::IncomingMessage& message) override;
  void RegisterRoutes(http::Router& router) override { api_.RegisterRoutes(router); }

 private:
  OrderApi api_;
};

}  // namespace sagashop::order
