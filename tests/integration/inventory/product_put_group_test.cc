// PUT /inventory's group commit on both databases: a group of creations and restocks of several
// products written with one statement per step, its answers in the group's order, the stock
// ledger's rows, no ledger row for a delta of 0, and a group that finds a product created or
// changed after its read fails as a whole.
#include "services/inventory/product_put_group.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/database/test_backend.h"
#include "integration/inventory/hooked_stock_reads.h"
#include "integration/services/batch_messages.h"
#include "platform/core/timestamp.h"
#include "platform/db/counted_database.h"
#include "platform/db/db_error.h"
#include "services/inventory/inventory_migrations.h"
#include "services/inventory/inventory_repository.h"

namespace sagashop::inventory {
namespace {

constexpr db::Query kLedger{
    "test_stock_ledger",
    "SELECT product_id, delta, kind FROM stock_adjustments ORDER BY product_id, id"};

std::vector<const ProductPut*> GroupOf(const std::vector<ProductPut>& puts) {
  std::vector<const ProductPut*> group;
  for (const ProductPut& put : puts) group.push_back(&put);
  return group;
}

class InventoryPutGroupTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(InventoryMigrations());
  }

  // A product as a saga leaves it: some units reserved, version `reserved` (one write each).
  void Seed(std::int64_t product, std::int64_t available, std::int64_t reserved = 0) {
    auto tx = database_->Begin();
    InventoryRepository repository(*tx);
    repository.InsertProduct(product, "seeded", available + reserved, NowRfc3339());
    for (std::int64_t n = 0; n < reserved; ++n) {
      ASSERT_TRUE(repository.UpdateStockIfVersion(
          product, "seeded", {available + reserved - n - 1, n + 1}, n, NowRfc3339()));
    }
    tx->Commit();
  }

  // The group carried out in one transaction of `database`, committed.
  static std::vector<PutDecision> PutTogether(db::Database& database,
                                              const std::vector<ProductPut>& puts) {
    auto tx = database.Begin();
    std::vector<PutDecision> decisions = PutProductsTogether(*tx, GroupOf(puts));
    tx->Commit();
    return decisions;
  }

  ProductStock Find(std::int64_t product) {
    auto tx = database_->Begin();
    return InventoryRepository(*tx).FindStock(product).value();
  }

  // "product delta kind" per row, by product.
  std::vector<std::string> Ledger() {
    auto tx = database_->Begin();
    const db::ResultSet rows = tx->Execute(kLedger);
    std::vector<std::string> ledger;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) {
      ledger.push_back(std::to_string(rows.Int64(row, 0)) + " " +
                       std::to_string(rows.Int64(row, 1)) + " " + rows.Text(row, 2));
    }
    return ledger;
  }
};

TEST_P(InventoryPutGroupTest, AGroupCreatesAndRestocksSeveralProductsAndAnswersInItsOrder) {
  Seed(1, 5, 2);
  Seed(2, 3);
  const std::vector<ProductPut> puts{
      {10, "ten", 7}, {1, "one", 9}, {11, "eleven", 4}, {2, "two", 1}, {12, "twelve", 2}};
  const std::vector<PutDecision> decisions = PutTogether(*database_, puts);

  ASSERT_EQ(decisions.size(), puts.size());
  const std::vector<PutKind> kinds{PutKind::kCreate, PutKind::kRestock, PutKind::kCreate,
                                   PutKind::kRestock, PutKind::kCreate};
  for (std::size_t i = 0; i < puts.size(); ++i) {
    SCOPED_TRACE("PUT " + std::to_string(i));
    EXPECT_EQ(decisions[i].kind, kinds[i]);
    EXPECT_EQ(decisions[i].after.product_id, puts[i].product_id);
    EXPECT_EQ(decisions[i].after.product_name, puts[i].product_name);
    EXPECT_EQ(decisions[i].after.level.available, puts[i].available);
    EXPECT_EQ(decisions[i].after, Find(puts[i].product_id)) << "the answer is the row as it is";
  }
  EXPECT_EQ(Find(1).level, (StockLevel{9, 2})) << "reserved units are untouched";
  EXPECT_EQ(Find(1).version, 3);
  EXPECT_EQ(Find(2).version, 1);
  EXPECT_EQ(Find(10).version, 0);
  EXPECT_EQ(Ledger(), (std::vector<std::string>{"1 4 RESTOCK", "2 -2 RESTOCK", "10 7 CREATE",
                                                "11 4 CREATE", "12 2 CREATE"}));
}

TEST_P(InventoryPutGroupTest, ADeltaOfZeroWritesNoLedgerRowButStillWritesTheRow) {
  Seed(1, 5);
  const std::vector<PutDecision> decisions =
      PutTogether(*database_, {{1, "renamed", 5}, {2, "empty", 0}});
  EXPECT_EQ(decisions[0].kind, PutKind::kRestock);
  EXPECT_EQ(decisions[0].delta, 0);
  EXPECT_EQ(decisions[1].kind, PutKind::kCreate);
  EXPECT_EQ(decisions[1].delta, 0);
  EXPECT_EQ(Find(1).product_name, "renamed");
  EXPECT_EQ(Find(1).version, 1);
  EXPECT_EQ(Find(2).level, (StockLevel{0, 0}));
  EXPECT_TRUE(Ledger().empty());
}

TEST_P(InventoryPutGroupTest, AGroupTakesOneStatementPerStepWhateverItsSize) {
  db::CountedDatabase counted(backend_->Open());
  for (std::int64_t product = 1; product <= 20; ++product) Seed(product, 1);
  auto statements_of = [&](const std::vector<ProductPut>& puts) {
    return testing::StatementsOf(
        counted, [&](db::Transaction& tx) { PutProductsTogether(tx, GroupOf(puts)); });
  };
  std::vector<ProductPut> small{{1, "p", 2}, {100, "p", 1}};
  std::vector<ProductPut> large;
  for (std::int64_t product = 2; product <= 20; ++product) large.push_back({product, "p", 5});
  for (std::int64_t product = 101; product <= 120; ++product) large.push_back({product, "p", 5});
  // Read, insert, write, ledger.
  EXPECT_EQ(statements_of(small), 4);
  EXPECT_EQ(statements_of(large), 4);
}

TEST_P(InventoryPutGroupTest, AProductCreatedAfterTheGroupsReadFailsTheWholeGroup) {
  Seed(1, 5);
  testing::HookedStockReads hooked(
      *database_, [](auto, db::ResultSet rows) { return testing::WithoutProduct(rows, 1); });
  try {
    PutTogether(hooked, {{2, "two", 3}, {1, "one", 4}});
    FAIL() << "the group's insert of product 1 should have failed";
  } catch (const db::DbError& error) {
    EXPECT_EQ(error.GetKind(), db::DbError::Kind::kConstraint) << error.what();
  }
  EXPECT_EQ(Find(1).level.available, 5);
  EXPECT_EQ(Find(1).version, 0);
  EXPECT_TRUE(Ledger().empty()) << "nothing of the group was written";
}

TEST_P(InventoryPutGroupTest, ARowChangedAfterTheGroupsReadFailsTheWholeGroup) {
  Seed(1, 5);
  Seed(2, 5);
  testing::HookedStockReads hooked(
      *database_, [](auto, db::ResultSet rows) { return testing::WithOlderVersion(rows, 2); });
  EXPECT_THROW(PutTogether(hooked, {{3, "three", 3}, {1, "one", 4}, {2, "two", 1}}),
               StockChangedMeanwhile);
  EXPECT_EQ(Find(1).version, 0);
  EXPECT_EQ(Find(2).version, 0);
  EXPECT_TRUE(Ledger().empty()) << "nothing of the group was written";
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryPutGroupTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::inventory
