#include "services/order/domain/order_status.h"

#include <algorithm>

namespace sagashop::order {
namespace {

using enum OrderStatus;

constexpr std::array kFromPending = {kPending};
constexpr std::array kUpToPayment = {kPending, kPaymentProcessing};
constexpr std::array kUpToStock = {kPending, kPaymentProcessing, kStockReserving};
constexpr std::array kUpToDelivery = {kPending, kPaymentProcessing, kStockReserving,
                                      kDeliveryPreparing};
constexpr std::array kAnyActive = {kPending, kPaymentProcessing, kStockReserving,
                                   kDeliveryPreparing, kCompensating};

}  // namespace

std::string_view ToString(OrderStatus status) {
  switch (status) {
    case kPending:
      return "PENDING";
    case kPaymentProcessing:
      return "PAYMENT_PROCESSING";
    case kStockReserving:
      return "STOCK_RESERVING";
    case kDeliveryPreparing:
      return "DELIVERY_PREPARING";
    case kCompensating:
      return "COMPENSATING";
    case kCompleted:
      return "COMPLETED";
    case kCanceled:
      return "CANCELED";
    case kFailed:
      return "FAILED";
  }
  return "UNKNOWN";
}

std::optional<OrderStatus> ParseOrderStatus(std::string_view text) {
  for (OrderStatus status : kAllOrderStatuses) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

bool IsTerminal(OrderStatus status) {
  return status == kCompleted || status == kCanceled || status == kFailed;
}

std::span<const OrderStatus> AllowedSources(OrderStatus target) {
  switch (target) {
    case kPending:
      return {};  // only by creation
    case kPaymentProcessing:
      return kFromPending;
    case kStockReserving:
      return kUpToPayment;
    case kDeliveryPreparing:
      return kUpToStock;
    // A failure after payment can be seen at any point before the order completes.
    case kCompleted:
    case kCompensating:
      return kUpToDelivery;
    case kCanceled:
    case kFailed:
      return kAnyActive;
  }
  return {};
}

bool CanTransition(OrderStatus from, OrderStatus to) {
  const auto sources = AllowedSources(to);
  return std::find(sources.begin(), sources.end(), from) != sources.end();
}

}  // namespace sagashop::order
