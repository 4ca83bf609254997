#include "services/delivery/domain/start_decision.h"

#include <gtest/gtest.h>

#include "unit/delivery/decision_time.h"

namespace sagashop::delivery {
namespace {

using testing::kNow;

DeliveryRequest Complete() {
  return {.address = "Seoul 1",
          .reservation_id = 7,
          .reservation_expired_at = "2026-11-25T10:15:00.000000Z",
          .reservation_released = false};
}

TEST(StartDecisionTest, StartsOnceAddressAndReservationAreKnownBeforeExpiry) {
  EXPECT_EQ(DecideStart(Complete(), kNow).action, StartAction::kStart);
}

TEST(StartDecisionTest, WaitsForTheOtherHalf) {
  DeliveryRequest no_address = Complete();
  no_address.address.reset();
  EXPECT_EQ(DecideStart(no_address, kNow).action, StartAction::kWait);
  DeliveryRequest no_reservation = Complete();
  no_reservation.reservation_id.reset();
  no_reservation.reservation_expired_at.reset();
  EXPECT_EQ(DecideStart(no_reservation, kNow).action, StartAction::kWait);
}

TEST(StartDecisionTest, RefusesFromTheMomentTheReservationExpires) {
  DeliveryRequest request = Complete();
  request.reservation_expired_at = "2026-11-25T10:00:00.000000Z";
  const StartDecision at_deadline = DecideStart(request, kNow);
  EXPECT_EQ(at_deadline.action, StartAction::kRefuse);
  EXPECT_EQ(at_deadline.reason, kReservationExpired);
  request.reservation_expired_at = "2026-11-25T10:00:00.000001Z";
  EXPECT_EQ(DecideStart(request, kNow).action, StartAction::kStart);
}

TEST(StartDecisionTest, AReleasedReservationIsNeverShippedEvenBeforeTheRestArrives) {
  DeliveryRequest released_first{.reservation_released = true};
  EXPECT_EQ(DecideStart(released_first, kNow).action, StartAction::kRefuse);
  DeliveryRequest released = Complete();
  released.reservation_released = true;
  EXPECT_EQ(DecideStart(released, kNow).action, StartAction::kRefuse);
}

TEST(StartDecisionTest, AReservationWithoutDeadlineDoesNotExpireHere) {
  DeliveryRequest request = Complete();
  request.reservation_expired_at.reset();  // a stock.reserved.v1 from before expiredAt existed
  EXPECT_EQ(DecideStart(request, kNow + std::chrono::hours(24 * 365)).action, StartAction::kStart);
}

TEST(StartDecisionTest, PostgresTimestampsAreUnderstood) {
  DeliveryRequest request = Complete();
  request.reservation_expired_at = "2026-11-25 09:59:59.5+00";
  EXPECT_EQ(DecideStart(request, kNow).action, StartAction::kRefuse);
}

}  // namespace
}  // namespace sagashop::delivery
