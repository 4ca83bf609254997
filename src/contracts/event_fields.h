#pragma once

#include "contracts/events.h"

namespace sagashop::contracts {

// The wire names of each payload's members, listed once and walked by both the encoder and the
// decoder, so the two cannot drift apart. `visit(name, member)` is called for every member.
template <typename Visitor>
void VisitFields(OrderCreated& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("userId", e.user_id);
  visit("productId", e.product_id);
  visit("quantity", e.quantity);
  visit("amount", e.amount);
  visit("address", e.address);
  visit("paymentMethod", e.payment_method);
}

template <typename Visitor>
void VisitFields(OrderCompleted& e, Visitor&& visit) {
  visit("orderId", e.order_id);
}

template <typename Visitor>
void VisitFields(OrderCanceled& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("reason", e.reason);
}

template <typename Visitor>
void VisitFields(PaymentCompleted& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("paymentId", e.payment_id);
  visit("amount", e.amount);
  visit("paymentType", e.payment_type);
}

template <typename Visitor>
void VisitFields(PaymentFailed& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("reason", e.reason);
}

template <typename Visitor>
void VisitFields(PaymentRefunded& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("paymentId", e.payment_id);
  visit("amount", e.amount);
  visit("reason", e.reason);
}

template <typename Visitor>
void VisitFields(StockReserved& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("reservationId", e.reservation_id);
  visit("productId", e.product_id);
  visit("quantity", e.quantity);
  visit("expiredAt", e.expired_at);
}

template <typename Visitor>
void VisitFields(StockReservationFailed& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("productId", e.product_id);
  visit("quantity", e.quantity);
  visit("reason", e.reason);
}

template <typename Visitor>
void VisitFields(StockReleased& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("reservationId", e.reservation_id);
  visit("productId", e.product_id);
  visit("quantity", e.quantity);
}

template <typename Visitor>
void VisitFields(DeliveryStarted& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("deliveryId", e.delivery_id);
  visit("trackingNumber", e.tracking_number);
  visit("carrier", e.carrier);
}

template <typename Visitor>
void VisitFields(DeliveryFailed& e, Visitor&& visit) {
  visit("orderId", e.order_id);
  visit("reason", e.reason);
}

}  // namespace sagashop::contracts
