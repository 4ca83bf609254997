#include "services/delivery/domain/delivery_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "unit/delivery/decision_time.h"

namespace sagashop::delivery {
namespace {

using testing::kNow;
constexpr const char* kLater = "2026-11-25T10:15:00.000000Z";
constexpr const char* kEarlier = "2026-11-25T09:45:00.000000Z";

DeliveryRequest Address(std::string address) {
  return {.address = std::move(address)};
}
DeliveryRequest Reservation(std::int64_t id, std::optional<std::string> expired_at = kLater) {
  return {.reservation_id = id, .reservation_expired_at = std::move(expired_at)};
}
DeliveryRequest Release() {
  return {.reservation_released = true};
}

bool operator==(const DeliveryRequest& a, const DeliveryRequest& b) {
  return a.address == b.address && a.reservation_id == b.reservation_id &&
         a.reservation_expired_at == b.reservation_expired_at &&
         a.reservation_released == b.reservation_released;
}

// Every kind of event recorded into a request in every state it can be in: the field it tells
// replaces what was known, the others stay.
TEST(DeliveryBatchTest, EachEventRecordedInEachStateChangesOnlyWhatItTells) {
  const std::vector<DeliveryRequest> states = {
      {},
      Address("Seoul"),
      Reservation(1),
      {.address = "Seoul", .reservation_id = 1, .reservation_expired_at = kLater},
      {.address = "Seoul", .reservation_id = 1, .reservation_released = true},
      Release(),
  };
  for (const DeliveryRequest& state : states) {
    const DeliveryRequest addressed = Recorded(state, Address("Busan"));
    EXPECT_EQ(addressed.address, "Busan");
    EXPECT_EQ(addressed.reservation_id, state.reservation_id);
    EXPECT_EQ(addressed.reservation_expired_at, state.reservation_expired_at);
    EXPECT_EQ(addressed.reservation_released, state.reservation_released);

    const DeliveryRequest reserved = Recorded(state, Reservation(2, std::nullopt));
    EXPECT_EQ(reserved.address, state.address);
    EXPECT_EQ(reserved.reservation_id, 2);
    EXPECT_EQ(reserved.reservation_expired_at, std::nullopt) << "the deadline comes with it";
    EXPECT_EQ(reserved.reservation_released, state.reservation_released);

    const DeliveryRequest released = Recorded(state, Release());
    EXPECT_EQ(released.address, state.address);
    EXPECT_EQ(released.reservation_id, state.reservation_id);
    EXPECT_TRUE(released.reservation_released);
  }
}

// The upsert records a batch's merge at once: that must leave a row as recording its events one
// at a time would, in whatever order they came.
TEST(DeliveryBatchTest, RecordingTheMergeIsRecordingEachEventInTurnInEveryOrder) {
  std::vector<RequestInput> inputs = {{1, Address("Seoul")},
                                      {1, Reservation(7)},
                                      {1, Release()},
                                      {1, Address("Busan")},
                                      {1, Reservation(8, kEarlier)}};
  const DeliveryRequest stored{.address = "Daegu", .reservation_id = 3};
  int orders = 0;
  // Sorted first, so that next_permutation visits every order.
  auto by_told = [](const RequestInput& a, const RequestInput& b) {
    return std::tie(a.told.address, a.told.reservation_id, a.told.reservation_released) <
           std::tie(b.told.address, b.told.reservation_id, b.told.reservation_released);
  };
  std::sort(inputs.begin(), inputs.end(), by_told);
  do {
    DeliveryRequest one_by_one = stored;
    for (const RequestInput& input : inputs) one_by_one = Recorded(one_by_one, input.told);
    EXPECT_TRUE(Recorded(stored, MergeTold(inputs).at(1)) == one_by_one);
    ++orders;
  } while (std::next_permutation(inputs.begin(), inputs.end(), by_told));
  EXPECT_EQ(orders, 120);
}

TEST(DeliveryBatchTest, MergeKeepsOneRequestPerOrderInOrderIdOrder) {
  const RequestInput inputs[] = {
      {9, Reservation(1)}, {2, Address("Seoul")}, {9, Address("Busan")}, {2, Address("Seoul")}};
  const std::map<std::int64_t, DeliveryRequest> merged = MergeTold(inputs);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged.begin()->first, 2);
  EXPECT_TRUE(merged.at(2) == Address("Seoul")) << "a duplicate changes nothing";
  EXPECT_TRUE(
      merged.at(9) ==
      (DeliveryRequest{.address = "Busan", .reservation_id = 1, .reservation_expired_at = kLater}));
}

std::vector<std::int64_t> RefusedOrders(const StartPlan& plan) {
  std::vector<std::int64_t> orders;
  for (const Refusal& refusal : plan.refusals) {
    EXPECT_EQ(refusal.reason, kReservationExpired);
    orders.push_back(refusal.order_id);
  }
  return orders;
}

TEST(DeliveryBatchTest, EachOrderIsStartedRefusedOrLeftAsDecideStartSaysUnlessDecidedOrEnded) {
  const DeliveryRequest ready{
      .address = "Seoul", .reservation_id = 1, .reservation_expired_at = kLater};
  const DeliveryRequest expired{
      .address = "Seoul", .reservation_id = 1, .reservation_expired_at = kEarlier};
  const OrderToDecide orders[] = {
      {.order_id = 1, .request = ready},
      {.order_id = 2, .request = Address("Seoul")},  // waits for its reservation
      {.order_id = 3, .request = Reservation(1)},    // waits for its address
      {.order_id = 4, .request = expired},
      {.order_id = 5, .request = Recorded(ready, Release())},
      {.order_id = 6, .request = Release()},
      {.order_id = 7, .request = ready, .ended = true},
      {.order_id = 8, .request = ready, .decided = true},
      // A start once decided stands, even when the reservation is released afterwards.
      {.order_id = 9, .request = Recorded(ready, Release()), .decided = true},
      {.order_id = 10, .request = Release(), .ended = true},
  };
  const StartPlan plan = PlanStarts(orders, kNow);
  EXPECT_EQ(plan.starts, std::vector<std::int64_t>{1});
  EXPECT_EQ(RefusedOrders(plan), (std::vector<std::int64_t>{4, 5, 6}));
}

// The events of the three topics arrive in any order; a batch decides on all it brought.
TEST(DeliveryBatchTest, OutOfOrderArrivalWithinABatchDecidesOnEverythingItBrought) {
  auto plan_of = [](std::vector<RequestInput> inputs) {
    const DeliveryRequest merged = MergeTold(inputs).at(1);
    const OrderToDecide order{.order_id = 1, .request = merged};
    return PlanStarts({&order, 1}, kNow);
  };
  EXPECT_EQ(plan_of({{1, Reservation(7)}, {1, Address("Seoul")}}).starts,
            std::vector<std::int64_t>{1});
  EXPECT_EQ(plan_of({{1, Address("Seoul")}, {1, Reservation(7)}}).starts,
            std::vector<std::int64_t>{1});
  // Released with the rest in one batch: never shipped against, whatever came first.
  EXPECT_EQ(RefusedOrders(plan_of({{1, Reservation(7)}, {1, Address("Seoul")}, {1, Release()}})),
            std::vector<std::int64_t>{1});
  EXPECT_EQ(RefusedOrders(plan_of({{1, Release()}, {1, Reservation(7)}, {1, Address("Seoul")}})),
            std::vector<std::int64_t>{1});
}

}  // namespace
}  // namespace sagashop::delivery
