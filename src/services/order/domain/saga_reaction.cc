#include "services/order/domain/saga_reaction.h"

namespace sagashop::order {
namespace {

using namespace sagashop::contracts;

struct Reactor {
  SagaReaction operator()(const OrderCreated&) const {
    return {OrderStatus::kPaymentProcessing, ""};
  }
  SagaReaction operator()(const PaymentCompleted&) const {
    return {OrderStatus::kStockReserving, ""};
  }
  SagaReaction operator()(const PaymentFailed& e) const {
    return {OrderStatus::kCanceled, e.reason};
  }
  SagaReaction operator()(const StockReserved&) const {
    return {OrderStatus::kDeliveryPreparing, ""};
  }
  SagaReaction operator()(const StockReservationFailed& e) const {
    return {OrderStatus::kCompensating, e.reason};
  }
  SagaReaction operator()(const StockReleased&) const { return {std::nullopt, ""}; }
  SagaReaction operator()(const PaymentRefunded& e) const {
    return {OrderStatus::kCanceled, e.reason};
  }
  SagaReaction operator()(const DeliveryStarted&) const { return {OrderStatus::kCompleted, ""}; }
  SagaReaction operator()(const DeliveryFailed& e) const {
    return {OrderStatus::kCompensating, e.reason};
  }
  // The Order service's own outcome events are not inputs to it.
  SagaReaction operator()(const OrderCompleted&) const { return {std::nullopt, ""}; }
  SagaReaction operator()(const OrderCanceled&) const { return {std::nullopt, ""}; }
};

}  // namespace

SagaReaction ReactTo(const EventPayload& payload) {
  return std::visit(Reactor{}, payload);
}

std::string_view SagaStatusFor(OrderStatus status) {
  switch (status) {
    case OrderStatus::kCompensating:
      return "COMPENSATING";
    case OrderStatus::kCompleted:
      return "COMPLETED";
    case OrderStatus::kCanceled:
      return "CANCELED";
    case OrderStatus::kFailed:
      return "FAILED";
    default:
      return "STARTED";
  }
}

}  // namespace sagashop::order
