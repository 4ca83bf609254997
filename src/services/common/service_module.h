#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/bus/message.h"
#include "platform/db/migration.h"
#include "platform/db/transaction.h"
#include "platform/http/router.h"
#include "platform/outbox/outbox_relay.h"

namespace sagashop::services {

// What the host needs to run one service: its schema, the events it consumes, how it applies one,
// and its HTTP routes. The host supplies the database, bus, cache and server around it, so the same
// module runs alone (distributed mode) or beside the other three (embedded mode).
class ServiceModule {
 public:
  virtual ~ServiceModule() = default;

  virtual std::string_view Name() const = 0;  // "order", "payment", "inventory", "delivery"
  virtual std::span<const db::Migration> Migrations() const = 0;
  virtual std::vector<std::string> SubscribedTopics() const = 0;

  // Applies a batch's new events inside the inbox's transaction (which has already recorded
  // their ids): in arrival order, each event once, with set-based statements whatever the
  // batch's size. The inbox also hands it a batch of one, when it applies a failing batch's
  // events one by one.
  virtual void HandleEvents(db::Transaction& tx,
                            std::span<const bus::IncomingMessage* const> messages) = 0;

  virtual void RegisterRoutes(http::Router& router) = 0;

  // A statement to run once the bus has these of the service's own events, with the relay's
  // marking of them (OutboxRelayConfig::on_published); it may run again, so it must be idempotent.
  virtual std::optional<db::Statement> StatementOnPublished(
      std::span<const outbox::PublishedEvent> /*events*/) {
    return std::nullopt;
  }

  // Work the service does on its own, caused by neither a request nor an event (e.g. releasing
  // expired reservations). The host starts it after the outbox relay and stops it before.
  virtual void StartBackgroundWork() {}
  virtual void StopBackgroundWork() {}
};

}  // namespace sagashop::services
