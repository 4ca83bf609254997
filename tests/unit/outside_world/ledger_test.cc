#include "outside_world/ledger.h"

#include <gtest/gtest.h>

#include "integration/sqlite/sqlite_test_dir.h"
#include "platform/db/sqlite/sqlite_database.h"

namespace sagashop::outside_world {
namespace {

class LedgerTest : public ::testing::Test {
 protected:
  ChargeCall Charge(std::string key, std::int64_t order_id, std::int64_t amount = 5000) {
    return {.idempotency_key = std::move(key),
            .order_id = order_id,
            .amount = amount,
            .payment_type = "CARD"};
  }

  sagashop::testing::SqliteTestDir dir_;
  db::SqliteDatabase database_{dir_.Config("ledger.db")};
  Ledger ledger_{database_};
};

TEST_F(LedgerTest, ARepeatedKeyAnswersWithTheOriginalChargeAndRecordsNothingNew) {
  const auto first = ledger_.Charge(Charge("k1", 1), std::nullopt);
  const auto again = ledger_.Charge(Charge("k1", 1), std::nullopt);
  EXPECT_FALSE(first.replayed);
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.record.id, first.record.id);
  EXPECT_EQ(first.record.id.rfind("ch_", 0), 0u);
  EXPECT_EQ(ledger_.CountsOf(1).charges, 1);
  EXPECT_EQ(ledger_.FindCharge("k1")->id, first.record.id);
  EXPECT_EQ(ledger_.FindCharge("k2"), std::nullopt);
}

TEST_F(LedgerTest, AKeyReusedForADifferentChargeIsRefused) {
  ledger_.Charge(Charge("k1", 1, 5000), std::nullopt);
  try {
    ledger_.Charge(Charge("k1", 1, 6000), std::nullopt);
    FAIL() << "a different amount under the same key was accepted";
  } catch (const LedgerRefusal& refusal) {
    EXPECT_EQ(refusal.GetReason(), LedgerRefusal::Reason::kKeyReused);
  }
  EXPECT_EQ(ledger_.CountsOf(1).charges, 1);
}

TEST_F(LedgerTest, AChargeIsRefundedAtMostOnceWhateverTheKey) {
  const auto charge = ledger_.Charge(Charge("c", 3), std::nullopt).record;
  const auto refund =
      ledger_.Refund({.idempotency_key = "r1", .charge_id = charge.id, .amount = 5000});
  const auto second =
      ledger_.Refund({.idempotency_key = "r2", .charge_id = charge.id, .amount = 5000});
  EXPECT_EQ(second.record.id, refund.record.id);
  EXPECT_EQ(ledger_.CountsOf(3).refunds, 1);
  EXPECT_TRUE(ledger_.Totals().orders_refunded_more_than_once.empty());
}

TEST_F(LedgerTest, ADeclinedOrUnknownChargeCannotBeRefunded) {
  const auto declined = ledger_.Charge(Charge("c", 4, 2'000'000), "over the limit").record;
  EXPECT_FALSE(declined.approved);
  EXPECT_EQ(declined.decline_reason, "over the limit");
  try {
    ledger_.Refund({.idempotency_key = "r", .charge_id = declined.id, .amount = 1});
    FAIL();
  } catch (const LedgerRefusal& refusal) {
    EXPECT_EQ(refusal.GetReason(), LedgerRefusal::Reason::kNotRefundable);
  }
  try {
    ledger_.Refund({.idempotency_key = "r", .charge_id = "ch_none", .amount = 1});
    FAIL();
  } catch (const LedgerRefusal& refusal) {
    EXPECT_EQ(refusal.GetReason(), LedgerRefusal::Reason::kUnknownCharge);
  }
}

TEST_F(LedgerTest, ShipmentsAreAcceptedWithATrackingNumberOrRefusedWithAReason) {
  const auto accepted =
      ledger_.Ship({.idempotency_key = "s1", .order_id = 5, .address = "Seoul"}, std::nullopt);
  EXPECT_TRUE(accepted.record.accepted);
  EXPECT_TRUE(accepted.record.tracking_number.has_value());
  const auto refused = ledger_.Ship({.idempotency_key = "s2", .order_id = 6, .address = "X"},
                                    "delivery failed: address is undeliverable");
  EXPECT_FALSE(refused.record.accepted);
  EXPECT_EQ(refused.record.tracking_number, std::nullopt);
  EXPECT_EQ(ledger_.FindShipment("s2")->refusal_reason,
            "delivery failed: address is undeliverable");
}

TEST_F(LedgerTest, TheTotalsNameOrdersChargedUnderTwoKeys) {
  ledger_.Charge(Charge("a", 8), std::nullopt);
  ledger_.Charge(Charge("b", 8), std::nullopt);
  ledger_.Charge(Charge("c", 9), std::nullopt);
  const LedgerTotals totals = ledger_.Totals();
  EXPECT_EQ(totals.charges, 3);
  EXPECT_EQ(totals.orders_charged_more_than_once, std::vector<std::int64_t>{8});
}

TEST_F(LedgerTest, WhatWasRecordedIsThereAfterReopeningTheFile) {
  const auto charge = ledger_.Charge(Charge("k", 10), std::nullopt).record;
  db::SqliteDatabase reopened(dir_.Config("ledger.db"));
  Ledger again(reopened);
  EXPECT_EQ(again.Charge(Charge("k", 10), std::nullopt).record.id, charge.id);
}

}  // namespace
}  // namespace sagashop::outside_world
