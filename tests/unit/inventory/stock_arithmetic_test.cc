#include "services/inventory/domain/stock_arithmetic.h"

#include <gtest/gtest.h>

namespace sagashop::inventory {
namespace {

TEST(StockArithmeticTest, ReservesWhatIsAvailable) {
  const ReservationDecision decision = DecideReservation(StockLevel{10, 2}, 4);
  EXPECT_EQ(decision.outcome, ReservationOutcome::kReserved);
  EXPECT_EQ(decision.after, (StockLevel{6, 6}));
}

TEST(StockArithmeticTest, ReservesTheLastUnit) {
  const ReservationDecision decision = DecideReservation(StockLevel{3, 0}, 3);
  EXPECT_EQ(decision.outcome, ReservationOutcome::kReserved);
  EXPECT_EQ(decision.after, (StockLevel{0, 3}));
}

TEST(StockArithmeticTest, RefusesMoreThanAvailableAndSaysWhy) {
  const ReservationDecision decision = DecideReservation(StockLevel{3, 5}, 4);
  EXPECT_EQ(decision.outcome, ReservationOutcome::kInsufficientStock);
  EXPECT_EQ(decision.after, (StockLevel{3, 5}));
  EXPECT_NE(decision.reason.find("requested 4"), std::string::npos);
  EXPECT_NE(decision.reason.find("available 3"), std::string::npos);
}

TEST(StockArithmeticTest, RefusesUnknownProduct) {
  const ReservationDecision decision = DecideReservation(std::nullopt, 1);
  EXPECT_EQ(decision.outcome, ReservationOutcome::kUnknownProduct);
  EXPECT_FALSE(decision.reason.empty());
}

TEST(StockArithmeticTest, RejectsNonPositiveQuantity) {
  EXPECT_THROW(DecideReservation(StockLevel{10, 0}, 0), std::invalid_argument);
  EXPECT_THROW(DecideReservation(StockLevel{10, 0}, -1), std::invalid_argument);
}

TEST(StockArithmeticTest, ReleaseGivesBackAndCommitShips) {
  const StockLevel reserved{6, 4};
  EXPECT_EQ(AfterRelease(reserved, 4), (StockLevel{10, 0}));
  EXPECT_EQ(AfterCommit(reserved, 4), (StockLevel{6, 0}));
  EXPECT_THROW(AfterRelease(reserved, 5), std::logic_error);
  EXPECT_THROW(AfterCommit(reserved, 5), std::logic_error);
}

TEST(StockArithmeticTest, TotalIsConservedThroughAReservationsLife) {
  // available + reserved + shipped never changes except by restock.
  StockLevel level{20, 0};
  std::int64_t shipped = 0;
  const auto total = [&] { return level.available + level.reserved + shipped; };
  level = DecideReservation(level, 5).after;
  EXPECT_EQ(total(), 20);
  level = DecideReservation(level, 7).after;
  level = AfterCommit(level, 5);
  shipped += 5;
  EXPECT_EQ(total(), 20);
  level = AfterRelease(level, 7);
  EXPECT_EQ(total(), 20);
  level = AfterRestock(level, 10);
  EXPECT_EQ(total(), 30);
  EXPECT_EQ(level, (StockLevel{25, 0}));
}

TEST(StockArithmeticTest, RetakeTakesFromAvailableOnly) {
  EXPECT_EQ(AfterRetake(StockLevel{5, 2}, 3), (StockLevel{2, 2}));
  EXPECT_EQ(AfterRetake(StockLevel{3, 0}, 3), (StockLevel{0, 0}));
}

TEST(StockArithmeticTest, RetakeRefusesWhatIsNoLongerThere) {
  EXPECT_FALSE(AfterRetake(StockLevel{2, 9}, 3).has_value());
  EXPECT_THROW(AfterRetake(StockLevel{2, 0}, 0), std::logic_error);
}

}  // namespace
}  // namespace sagashop::inventory
