#include "services/inventory/reservation_lifecycle.h"

#include <stdexcept>

namespace sagashop::inventory {
namespace {

std::optional<StockLevel> Known(const std::optional<ProductStock>& current) {
  if (!current) throw std::logic_error("reservation of an unknown product");
  return current->level;
}

}  // namespace

bool ReservationLifecycle::Commit(const ReservationRecord& reservation) {
  if (!repository_.FinishReservation(reservation.id, "COMMITTED", now_)) return false;
  stock_.Update(
      repository_, reservation.product_id,
      [&](const std::optional<ProductStock>& current) -> std::optional<StockLevel> {
        return AfterCommit(*Known(current), reservation.quantity);
      },
      now_);
  return true;
}

bool ReservationLifecycle::Release(const ReservationRecord& reservation,
                                   const services::EventCause& cause) {
  if (!repository_.FinishReservation(reservation.id, "RELEASED", now_)) return false;
  stock_.Update(
      repository_, reservation.product_id,
      [&](const std::optional<ProductStock>& current) -> std::optional<StockLevel> {
        return AfterRelease(*Known(current), reservation.quantity);
      },
      now_);
  services::EventEmitter(tx_, "inventory")
      .Emit(contracts::StockReleased{.order_id = reservation.order_id,
                                     .reservation_id = reservation.id,
                                     .product_id = reservation.product_id,
                                     .quantity = reservation.quantity},
            cause);
  tx_.OnCommit([&releases = releases_] { releases.Increment(); });
  return true;
}

ReservationLifecycle::RetakeOutcome ReservationLifecycle::Retake(
    const ReservationRecord& reservation) {
  if (reservation.status != "RELEASED") return RetakeOutcome::kNotReleased;
  bool available = true;
  stock_.Update(
      repository_, reservation.product_id,
      [&](const std::optional<ProductStock>& current) -> std::optional<StockLevel> {
        std::optional<StockLevel> after = AfterRetake(*Known(current), reservation.quantity);
        available = after.has_value();
        return after;
      },
      now_);
  if (!available) return RetakeOutcome::kStockGone;
  // Same transaction as the stock change, and the reservation row was read in it: the guarded
  // update cannot lose to a concurrent retake without the whole transaction failing.
  if (!repository_.RetakeReservation(reservation.id, now_)) {
    throw std::logic_error("reservation " + std::to_string(reservation.id) +
                           " changed while being retaken");
  }
  return RetakeOutcome::kRetaken;
}

}  // namespace sagashop::inventory
