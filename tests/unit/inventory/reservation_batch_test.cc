#include "services/inventory/domain/reservation_batch.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace sagashop::inventory {
namespace {

constexpr std::int64_t kWidget = 1;
constexpr std::int64_t kGadget = 2;
constexpr std::int64_t kUnknown = 99;

LineState Ready(std::int64_t order, std::int64_t product, std::int64_t quantity) {
  return {.order_id = order, .product_id = product, .quantity = quantity, .paid = true};
}

TEST(PlanReservationsTest, EachReadyLineIsDecidedAgainstWhatTheLinesBeforeItLeft) {
  const std::map<std::int64_t, StockLevel> stock{{kWidget, {5, 0}}};
  const std::vector<LineState> lines{Ready(1, kWidget, 3), Ready(2, kWidget, 3),
                                     Ready(3, kWidget, 2)};
  const ReservationPlan plan = PlanReservations(stock, {}, lines);
  ASSERT_EQ(plan.decisions.size(), 3u);
  EXPECT_EQ(plan.decisions[0].outcome, ReservationOutcome::kReserved);
  EXPECT_EQ(plan.decisions[1].outcome, ReservationOutcome::kInsufficientStock);
  EXPECT_EQ(plan.decisions[1].reason, "insufficient stock: requested 3, available 2");
  EXPECT_EQ(plan.decisions[2].outcome, ReservationOutcome::kReserved);
  EXPECT_EQ(plan.new_levels.at(kWidget), (StockLevel{0, 5}));
}

TEST(PlanReservationsTest, LinesNotReadyOrDecidedBeforeAreLeftAlone) {
  const std::map<std::int64_t, StockLevel> stock{{kWidget, {5, 0}}};
  const std::vector<LineState> lines{
      {.order_id = 1, .product_id = kWidget, .quantity = 1, .paid = false},  // not paid yet
      {.order_id = 2, .paid = true},                                         // not known yet
      {.order_id = 3, .product_id = kWidget, .quantity = 1, .paid = true, .outcome = "RESERVED"},
      {.order_id = 4, .product_id = kWidget, .quantity = 1, .paid = true, .outcome = "REJECTED"}};
  const ReservationPlan plan = PlanReservations(stock, {}, lines);
  EXPECT_TRUE(plan.decisions.empty());
  EXPECT_TRUE(plan.new_levels.empty());
}

TEST(PlanReservationsTest, AnUnknownProductIsRefusedAndChangesNoStock) {
  const std::map<std::int64_t, StockLevel> stock{{kWidget, {5, 0}}};
  const std::vector<LineState> lines{Ready(1, kUnknown, 1), Ready(2, kWidget, 1)};
  const ReservationPlan plan = PlanReservations(stock, {}, lines);
  ASSERT_EQ(plan.decisions.size(), 2u);
  EXPECT_EQ(plan.decisions[0].outcome, ReservationOutcome::kUnknownProduct);
  EXPECT_EQ(plan.decisions[0].reason, "unknown product");
  EXPECT_EQ(plan.decisions[1].outcome, ReservationOutcome::kReserved);
  EXPECT_FALSE(plan.new_levels.contains(kUnknown));
  EXPECT_EQ(plan.new_levels.at(kWidget), (StockLevel{4, 1}));
}

TEST(PlanReservationsTest, CommitsComeFirstAndTouchOnlyReservedUnits) {
  const std::map<std::int64_t, StockLevel> stock{{kWidget, {1, 4}}, {kGadget, {0, 2}}};
  const std::vector<CommittedUnits> commits{{kWidget, 3}, {kGadget, 2}};
  const std::vector<LineState> lines{Ready(7, kWidget, 1), Ready(8, kWidget, 1)};
  const ReservationPlan plan = PlanReservations(stock, commits, lines);
  ASSERT_EQ(plan.decisions.size(), 2u);
  EXPECT_EQ(plan.decisions[0].outcome, ReservationOutcome::kReserved);
  // A commit frees no available units: the second line finds none.
  EXPECT_EQ(plan.decisions[1].outcome, ReservationOutcome::kInsufficientStock);
  EXPECT_EQ(plan.new_levels.at(kWidget), (StockLevel{0, 2}));
  EXPECT_EQ(plan.new_levels.at(kGadget), (StockLevel{0, 0}));
}

TEST(PlanReservationsTest, ACommitOfUnitsThatAreNotReservedIsABug) {
  const std::map<std::int64_t, StockLevel> stock{{kWidget, {5, 1}}};
  const std::vector<CommittedUnits> too_many{{kWidget, 2}};
  EXPECT_THROW(PlanReservations(stock, too_many, {}), std::logic_error);
  const std::vector<CommittedUnits> unknown{{kUnknown, 1}};
  EXPECT_THROW(PlanReservations(stock, unknown, {}), std::logic_error);
}

TEST(PlanReservationsTest, TheStockAsReadIsNotChangedInPlace) {
  const std::map<std::int64_t, StockLevel> stock{{kWidget, {5, 0}}};
  const std::vector<LineState> lines{Ready(1, kWidget, 5)};
  const ReservationPlan plan = PlanReservations(stock, {}, lines);
  EXPECT_EQ(stock.at(kWidget), (StockLevel{5, 0}));
  EXPECT_EQ(plan.new_levels.at(kWidget), (StockLevel{0, 5}));
}

}  // namespace
}  // namespace sagashop::inventory
