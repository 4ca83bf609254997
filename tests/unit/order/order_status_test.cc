#include "services/order/domain/order_status.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace sagashop::order {
namespace {

using enum OrderStatus;

// The whole transition table, written out as the expected set of (from, to) pairs, so that any
// change to the table shows up here as a deliberate edit.
const std::set<std::pair<OrderStatus, OrderStatus>>& ExpectedTransitions() {
  static const std::set<std::pair<OrderStatus, OrderStatus>> pairs = {
      {kPending, kPaymentProcessing},
      {kPending, kStockReserving},
      {kPaymentProcessing, kStockReserving},
      {kPending, kDeliveryPreparing},
      {kPaymentProcessing, kDeliveryPreparing},
      {kStockReserving, kDeliveryPreparing},
      {kPending, kCompleted},
      {kPaymentProcessing, kCompleted},
      {kStockReserving, kCompleted},
      {kDeliveryPreparing, kCompleted},
      {kPending, kCompensating},
      {kPaymentProcessing, kCompensating},
      {kStockReserving, kCompensating},
      {kDeliveryPreparing, kCompensating},
      {kPending, kCanceled},
      {kPaymentProcessing, kCanceled},
      {kStockReserving, kCanceled},
      {kDeliveryPreparing, kCanceled},
      {kCompensating, kCanceled},
      {kPending, kFailed},
      {kPaymentProcessing, kFailed},
      {kStockReserving, kFailed},
      {kDeliveryPreparing, kFailed},
      {kCompensating, kFailed},
  };
  return pairs;
}

TEST(OrderStatusTest, EveryPairOfStatesFollowsTheTable) {
  for (OrderStatus from : kAllOrderStatuses) {
    for (OrderStatus to : kAllOrderStatuses) {
      EXPECT_EQ(CanTransition(from, to), ExpectedTransitions().contains({from, to}))
          << ToString(from) << " -> " << ToString(to);
    }
  }
}

TEST(OrderStatusTest, TerminalStatesAbsorbEverything) {
  for (OrderStatus terminal : {kCompleted, kCanceled, kFailed}) {
    EXPECT_TRUE(IsTerminal(terminal));
    for (OrderStatus to : kAllOrderStatuses) {
      EXPECT_FALSE(CanTransition(terminal, to)) << ToString(terminal) << " -> " << ToString(to);
    }
  }
}

TEST(OrderStatusTest, NoStatusMovesToItselfOrBackToPending) {
  for (OrderStatus status : kAllOrderStatuses) {
    EXPECT_FALSE(CanTransition(status, status)) << ToString(status);
    EXPECT_FALSE(CanTransition(status, kPending)) << ToString(status);
  }
}

TEST(OrderStatusTest, NamesRoundTrip) {
  std::set<std::string_view> names;
  for (OrderStatus status : kAllOrderStatuses) {
    EXPECT_EQ(ParseOrderStatus(ToString(status)), status);
    names.insert(ToString(status));
  }
  EXPECT_EQ(names.size(), kAllOrderStatuses.size());
  EXPECT_EQ(ParseOrderStatus("SHIPPED"), std::nullopt);
  EXPECT_EQ(ParseOrderStatus("pending"), std::nullopt);
}

}  // namespace
}  // namespace sagashop::order
