#include "verify/invariants.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sagashop::verify {
namespace {

// Two orders as a healthy system leaves them: 1 completed (product 7, quantity 2), 2 canceled
// after its delivery failed (refunded, stock released). Product 7 got 10 units.
Snapshot Healthy() {
  Snapshot s;
  s.orders = {{1, "COMPLETED", 500, std::nullopt, "2026-01-01T00:00:01.000000Z"},
              {2, "CANCELED", 300, "delivery failed", "2026-01-01T00:00:02.000000Z"}};
  s.payments = {{1, "COMPLETED", 500}, {2, "REFUNDED", 300}};
  s.reservations = {{1, 7, 2, "COMMITTED"}, {2, 7, 1, "RELEASED"}};
  s.stock = {{7, 8, 0}};
  s.stock_added = {{7, 10}};
  s.deliveries = {{1, "STARTED"}, {2, "FAILED"}};
  return s;
}

bool Has(const std::vector<Violation>& violations, const std::string& invariant,
         std::int64_t order_id = 0, std::int64_t product_id = 0) {
  return std::any_of(violations.begin(), violations.end(), [&](const Violation& v) {
    return v.invariant == invariant && v.order_id == order_id && v.product_id == product_id;
  });
}

TEST(InvariantsTest, AHealthySystemHasNoViolation) {
  EXPECT_TRUE(CheckInvariants(Healthy()).empty());
}

TEST(InvariantsTest, CompletedOrderWithARefundedPaymentIsCaught) {
  Snapshot s = Healthy();
  s.payments[0].status = "REFUNDED";
  const auto violations = CheckInvariants(s);
  EXPECT_TRUE(Has(violations, "completed", 1));
  EXPECT_TRUE(Has(violations, "money"));
}

TEST(InvariantsTest, CanceledOrderWithCapturedMoneyOrHeldStockIsCaught) {
  Snapshot s = Healthy();
  s.payments[1].status = "COMPLETED";
  s.reservations[1].status = "RESERVED";
  s.stock[0].available = 7;
  s.stock[0].reserved = 1;
  const auto violations = CheckInvariants(s);
  EXPECT_TRUE(Has(violations, "canceled", 2));
  EXPECT_TRUE(Has(violations, "money"));
  EXPECT_FALSE(Has(violations, "stock", 0, 7));  // the numbers add up; the order is what is wrong
}

TEST(InvariantsTest, DuplicatesAreCaught) {
  Snapshot s = Healthy();
  s.payments.push_back({1, "FAILED", 500});
  s.reservations.push_back({1, 7, 2, "RELEASED"});
  s.deliveries.push_back({1, "FAILED"});
  const auto violations = CheckInvariants(s);
  EXPECT_TRUE(Has(violations, "one-payment", 1));
  EXPECT_TRUE(Has(violations, "one-reservation", 1));
  EXPECT_TRUE(Has(violations, "one-delivery", 1));
}

TEST(InvariantsTest, LostStockIsCaught) {
  Snapshot s = Healthy();
  s.stock[0].available = 7;  // one unit vanished
  EXPECT_TRUE(Has(CheckInvariants(s), "stock", 0, 7));
  s = Healthy();
  s.stock[0].reserved = 1;  // a reservation the rows do not hold
  s.stock[0].available = 7;
  EXPECT_TRUE(Has(CheckInvariants(s), "stock", 0, 7));
}

TEST(InvariantsTest, UnfinishedOrdersFailUnlessRecentlyChanged) {
  Snapshot s = Healthy();
  s.orders.push_back({3, "STOCK_RESERVING", 100, std::nullopt, "2026-01-01T00:00:09.000000Z"});
  s.payments.push_back({3, "COMPLETED", 100});
  EXPECT_TRUE(Has(CheckInvariants(s), "final", 3));
  const auto recent = CheckInvariants(s, {.in_flight_since = "2026-01-01T00:00:05.000000Z"});
  EXPECT_FALSE(Has(recent, "final", 3));
  // Its captured payment belongs to no COMPLETED order yet, which the money check reports.
  EXPECT_TRUE(Has(recent, "money"));
}

TEST(InvariantsTest, FailedNeedsAReasonAndOrphansAreCaught) {
  Snapshot s = Healthy();
  s.orders[1].status = "FAILED";
  s.orders[1].reason.reset();
  s.deliveries.push_back({99, "STARTED"});
  const auto violations = CheckInvariants(s);
  EXPECT_TRUE(Has(violations, "final", 2));
  EXPECT_TRUE(Has(violations, "orphan", 99));
}

}  // namespace
}  // namespace sagashop::verify
