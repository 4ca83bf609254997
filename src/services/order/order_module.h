#pragma once

#include "platform/db/database.h"
#include "platform/metrics/metrics_registry.h"
#include "services/common/service_module.h"
#include "services/order/idempotency_key_sweeper.h"
#include "services/order/order_api.h"

namespace sagashop::order {

class OrderModule final : public services::ServiceModule {
 public:
  // Registers the service's business metrics in `metrics`, which must outlive the module's last
  // scrape.
  // `cipher` (docs/security.md, Encryption at rest) must outlive the module.
  OrderModule(db::Database& database, OrderConfig config, metrics::MetricsRegistry& metrics,
              const crypto::FieldCipher& cipher);

  std::string_view Name() const override { return "order"; }
  std::span<const db::Migration> Migrations() const override;
  std::vector<std::string> SubscribedTopics() const override;
  void HandleEvents(db::Transaction& tx,
                    std::span<const bus::IncomingMessage* const> messages) override;
  void RegisterRoutes(http::Router& router) override { api_.RegisterRoutes(router); }
  // An order whose order.created is on the bus moves from PENDING to PAYMENT_PROCESSING.
  std::optional<db::Statement> StatementOnPublished(
      std::span<const outbox::PublishedEvent> events) override;
  void StartBackgroundWork() override { sweeper_.Start(); }
  void StopBackgroundWork() override { sweeper_.Stop(); }

 private:
  db::Database& database_;
  OrderMetrics metrics_;
  SagaAdmission admission_;
  OrderApi api_;
  IdempotencyKeySweeper sweeper_;
};

}  // namespace sagashop::order
