#pragma once

#include <chrono>

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"
#include "services/common/compensation_counter.h"
#include "services/common/service_module.h"
#include "services/inventory/inventory_api.h"
#include "services/inventory/inventory_event_handler.h"
#include "services/inventory/reservation_sweeper.h"
#include "services/inventory/stock_keeper.h"

namespace sagashop::inventory {

struct InventoryConfig {
  // How long a reservation may stay neither committed nor released (docs/contracts.md, rule 7).
  std::chrono::seconds reservation_ttl{15 * 60};
  ReservationSweeperConfig sweeper;
};

class InventoryModule final : public services::ServiceModule {
 public:
  InventoryModule(db::Database& database, InventoryConfig config, metrics::MetricsRegistry& metrics)
      : releases_(services::CompensationCounter(metrics, "stock_release")),
        api_(database),
        handler_(stock_, config.reservation_ttl, releases_),
        sweeper_(database, stock_, config.sweeper, releases_) {}

  std::string_view Name() const override { return "inventory"; }
  std::span<const db::Migration> Migrations() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void HandleEvents(db::Transaction& tx,
                    std::span<const bus::IncomingMessage* const> messages) override {
    handler_.HandleBatch(tx, messages);
  }
  void RegisterRoutes(http::Router& router) override { api_.RegisterRoutes(router); }
  void StartBackgroundWork() override { sweeper_.Start(); }
  void StopBackgroundWork() override { sweeper_.Stop(); }

  const StockKeeper& Stock() const { return stock_; }

 private:
  prometheus::Counter& releases_;
  StockKeeper stock_;
  InventoryApi api_;
  InventoryEventHandler handler_;
  ReservationSweeper sweeper_;
};

}  // namespace sagashop::inventory
