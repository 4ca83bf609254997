#include "services/inventory/inventory_event_handler.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>
#include <vector>

#include "platform/core/timestamp.h"
#include "platform/inbox/inbox_consumer.h"
#include "services/common/event_emitter.h"
#include "services/common/received_event.h"
#include "services/inventory/domain/reservation_batch.h"
#include "services/inventory/inventory_batch_repository.h"
#include "services/inventory/reservation_lifecycle.h"

namespace sagashop::inventory {
namespace {

using Received = services::ReceivedEvent;

struct Context {
  db::Transaction& tx;
  InventoryRepository& repository;
  StockKeeper& stock;
  prometheus::Counter& releases;
  std::string now;
};

// Delivery decides whether a shipment starts, so its word is final: a start commits the
// reservation, even one the sweeper released meanwhile (see ReservationSweeper). The batch commits
// RESERVED reservations itself; this is for the rest: released ones, duplicates, unknown orders.
void OnDeliveryStartedAfterRelease(Context& context, std::int64_t order_id) {
  const std::optional<ReservationRecord> reservation =
      context.repository.FindReservationByOrder(order_id);
  if (!reservation) return;
  ReservationLifecycle lifecycle(context.tx, context.repository, context.stock, context.releases,
                                 context.now);
  if (lifecycle.Commit(*reservation)) return;
  switch (lifecycle.Retake(*reservation)) {
    case ReservationLifecycle::RetakeOutcome::kRetaken:
      spdlog::warn(
          "order {}: delivery started after its reservation {} expired and was released; took "
          "its {} unit(s) of product {} back from available stock",
          order_id, reservation->id, reservation->quantity, reservation->product_id);
      break;
    case ReservationLifecycle::RetakeOutcome::kStockGone:
      spdlog::error(
          "order {}: delivery started after its reservation {} expired and was released, and "
          "product {} no longer has {} unit(s) available; the order needs an operator (sagashop "
          "verify reports it)",
          order_id, reservation->id, reservation->product_id, reservation->quantity);
      break;
    case ReservationLifecycle::RetakeOutcome::kNotReleased:
      break;  // committed already: a duplicate
  }
}

// Compensation for a failed delivery: the units go back, at most once.
void OnDeliveryFailed(Context& context, std::int64_t order_id, const services::EventCause& cause) {
  const std::optional<ReservationRecord> reservation =
      context.repository.FindReservationByOrder(order_id);
  if (!reservation) return;
  ReservationLifecycle(context.tx, context.repository, context.stock, context.releases, context.now)
      .Release(*reservation, cause);
}

// The batch's order line news merged per order, in the order the orders first appear, with the
// cause of each order's last event (what a reservation decided now answers).
struct LineNews {
  std::vector<LineUpdate> updates;
  std::map<std::int64_t, const services::EventCause*> causes;
};

LineNews MergeLineNews(const std::vector<Received>& received) {
  LineNews news;
  std::map<std::int64_t, std::size_t> index;
  for (const Received& item : received) {
    const auto* created = std::get_if<contracts::OrderCreated>(&item.event.payload);
    const auto* paid = std::get_if<contracts::PaymentCompleted>(&item.event.payload);
    if (created == nullptr && paid == nullptr) continue;
    const std::int64_t order_id = item.event.OrderId();
    auto [at, first] = index.try_emplace(order_id, news.updates.size());
    if (first) news.updates.push_back({.order_id = order_id});
    LineUpdate& update = news.updates[at->second];
    if (created != nullptr) {
      update.product_id = created->product_id;
      update.quantity = created->quantity;
      update.user_id = created->user_id;
    } else {
      update.paid = true;
    }
    news.causes[order_id] = &item.cause;
  }
  return news;
}

}  // namespace

void InventoryEventHandler::HandleBatch(db::Transaction& tx,
                                        std::span<const bus::IncomingMessage* const> messages) {
  const std::vector<Received> received = services::DecodeBatch(messages);
  InventoryRepository repository(tx);
  InventoryBatchRepository batch(tx);
  Context context{tx, repository, stock_, releases_, NowRfc3339()};

  // Compensations are rare: one by one, before the batch's stock is read, so that it sees them.
  std::vector<std::int64_t> started;
  std::set<std::int64_t> started_seen;
  for (const Received& item : received) {
    if (std::holds_alternative<contracts::DeliveryFailed>(item.event.payload)) {
      OnDeliveryFailed(context, item.event.OrderId(), item.cause);
    } else if (std::holds_alternative<contracts::DeliveryStarted>(item.event.payload) &&
               started_seen.insert(item.event.OrderId()).second) {
      started.push_back(item.event.OrderId());
    }
  }
  const std::vector<CommittedReservation> committed =
      batch.CommitReservationsOf(started, context.now);
  std::set<std::int64_t> committed_orders;
  for (const CommittedReservation& reservation : committed) {
    committed_orders.insert(reservation.order_id);
  }
  for (const std::int64_t order_id : started) {
    if (!committed_orders.contains(order_id)) OnDeliveryStartedAfterRelease(context, order_id);
  }

  const LineNews news = MergeLineNews(received);
  const std::vector<LineState> lines = batch.UpsertOrderLines(news.updates, context.now);
  std::set<std::int64_t> product_set;
  std::vector<CommittedUnits> commits;
  for (const CommittedReservation& reservation : committed) {
    product_set.insert(reservation.units.product_id);
    commits.push_back(reservation.units);
  }
  // In the order the batch first named each order: the upsert returns its rows in no set order.
  std::map<std::int64_t, LineState> line_by_order;
  for (const LineState& line : lines) line_by_order.emplace(line.order_id, line);
  std::vector<LineState> ready;
  for (const LineUpdate& update : news.updates) {
    const LineState& line = line_by_order.at(update.order_id);
    if (!line.Ready()) continue;
    ready.push_back(line);
    product_set.insert(*line.product_id);
  }
  if (product_set.empty()) return;

  const std::vector<std::int64_t> products(product_set.begin(), product_set.end());
  const std::map<std::int64_t, ProductStock> stock = batch.LockStock(products);
  std::map<std::int64_t, StockLevel> levels;
  for (const auto& [product_id, row] : stock) levels[product_id] = row.level;
  const ReservationPlan plan = PlanReservations(levels, commits, ready);

  std::vector<StockWrite> writes;
  for (const auto& [product_id, level] : plan.new_levels) {
    writes.push_back({.product_id = product_id,
                      .level = level,
                      .expected_version = stock.at(product_id).version});
  }
  // The rows are locked (PostgreSQL) or the writer's turn is held (SQLite), so a shortfall is a
  // change this transaction cannot see: the batch is tried again.
  if (batch.WriteStock(writes, context.now) != static_cast<std::int64_t>(writes.size())) {
    throw inbox::TransientError("stock changed while a batch of reservations was decided");
  }

  const std::string expired_at = FormatRfc3339(std::chrono::system_clock::now() + reservation_ttl_);
  std::vector<ReservationRecord> reservations;
  std::vector<LineOutcome> outcomes;
  for (const LineDecision& decision : plan.decisions) {
    const bool reserved = decision.outcome == ReservationOutcome::kReserved;
    outcomes.push_back({decision.order_id, reserved ? "RESERVED" : "REJECTED"});
    if (!reserved) continue;
    const services::EventCause& cause = *news.causes.at(decision.order_id);
    reservations.push_back({.order_id = decision.order_id,
                            .product_id = decision.product_id,
                            .quantity = decision.quantity,
                            .expired_at = expired_at,
                            .correlation_id = cause.correlation_id,
                            .trace_parent = cause.trace_parent});
  }
  const std::map<std::int64_t, std::int64_t> reservation_ids =
      batch.InsertReservations(reservations, context.now);
  batch.SetOutcomes(outcomes);

  std::vector<services::EventEmitter::Emission> events;
  for (const LineDecision& decision : plan.decisions) {
    const services::EventCause& cause = *news.causes.at(decision.order_id);
    if (decision.outcome == ReservationOutcome::kReserved) {
      events.push_back(
          {contracts::StockReserved{.order_id = decision.order_id,
                                    .reservation_id = reservation_ids.at(decision.order_id),
                                    .product_id = decision.product_id,
                                    .quantity = decision.quantity,
                                    .expired_at = expired_at},
           cause});
    } else {
      events.push_back({contracts::StockReservationFailed{.order_id = decision.order_id,
                                                          .product_id = decision.product_id,
                                                          .quantity = decision.quantity,
                                                          .reason = decision.reason},
                        cause});
    }
  }
  if (!events.empty()) services::EventEmitter(tx, "inventory").EmitAll(std::move(events));
}

}  // namespace sagashop::inventory
