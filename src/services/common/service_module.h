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

  // Applies one event inside the inbox's transaction (which has already recorded its id).
  virtual void HandleEvent(db::Transaction& tx, const bus::IncomingMessage& message) = 0;

  // A service that applies a batch of events with set-based statements says so, and the inbox
  // hands HandleEvents each batch's new events at once (in arrival order, each event once);
  // otherwise it calls HandleEvent for one event at a time.
  virtual bool AppliesBatches() const { return false; }
  virtual void HandleEvents(db::Transaction& tx,
                            std::span<const bus::IncomingMessage* const> messages) {
    for (const bus::IncomingMessage* message : messages) HandleEvent(tx, *message);
  }

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
