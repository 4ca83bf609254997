#include "services/inventory/domain/product_put_plan.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <vector>

namespace sagashop::inventory {
namespace {

constexpr const char* kNow = "2026-12-02T10:00:00.000000Z";
constexpr const char* kBefore = "2026-12-01T09:00:00.000000Z";

ProductStock Row(std::int64_t product, std::int64_t available, std::int64_t reserved,
                 std::int64_t version) {
  return {.product_id = product,
          .product_name = "old name",
          .level = {available, reserved},
          .version = version,
          .created_at = kBefore,
          .updated_at = kBefore};
}

struct Case {
  const char* name;
  std::optional<ProductStock> current;  // nullopt: the inventory does not know the product
  ProductPut put;
  PutKind kind;
  std::int64_t delta;
  ProductStock after;
  std::int64_t expected_version;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases{
      {.name = "an unknown product is created with nothing reserved",
       .current = std::nullopt,
       .put = {7, "keyboard", 12},
       .kind = PutKind::kCreate,
       .delta = 12,
       .after = {7, "keyboard", {12, 0}, 0, kNow, kNow},
       .expected_version = 0},
      {.name = "a product created empty adds nothing to the ledger",
       .current = std::nullopt,
       .put = {7, "keyboard", 0},
       .kind = PutKind::kCreate,
       .delta = 0,
       .after = {7, "keyboard", {0, 0}, 0, kNow, kNow},
       .expected_version = 0},
      {.name = "a restock up adds the difference and keeps the reserved units",
       .current = Row(7, 5, 3, 4),
       .put = {7, "keyboard", 9},
       .kind = PutKind::kRestock,
       .delta = 4,
       .after = {7, "keyboard", {9, 3}, 5, kBefore, kNow},
       .expected_version = 4},
      {.name = "a restock down takes the difference away",
       .current = Row(7, 5, 3, 4),
       .put = {7, "old name", 1},
       .kind = PutKind::kRestock,
       .delta = -4,
       .after = {7, "old name", {1, 3}, 5, kBefore, kNow},
       .expected_version = 4},
      {.name = "the same quantity renames and still writes a new version",
       .current = Row(7, 5, 0, 0),
       .put = {7, "new name", 5},
       .kind = PutKind::kRestock,
       .delta = 0,
       .after = {7, "new name", {5, 0}, 1, kBefore, kNow},
       .expected_version = 0},
  };
  return cases;
}

TEST(InventoryPutPlanTest, EachCaseDecidesAsTheTableSays) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    std::map<std::int64_t, ProductStock> stock;
    if (c.current) stock[c.current->product_id] = *c.current;
    const ProductPut* const puts[] = {&c.put};
    const std::vector<PutDecision> decisions = PlanProductPuts(stock, puts, kNow);
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].kind, c.kind);
    EXPECT_EQ(decisions[0].delta, c.delta);
    EXPECT_EQ(decisions[0].after, c.after);
    EXPECT_EQ(decisions[0].expected_version, c.expected_version);
  }
}

TEST(InventoryPutPlanTest, AGroupIsDecidedInItsOrderEachAgainstItsOwnRow) {
  const std::map<std::int64_t, ProductStock> stock{{1, Row(1, 5, 0, 2)}, {3, Row(3, 0, 4, 9)}};
  const ProductPut restock_one{1, "one", 8};
  const ProductPut create_two{2, "two", 6};
  const ProductPut restock_three{3, "three", 0};
  const ProductPut* const puts[] = {&restock_three, &create_two, &restock_one};
  const std::vector<PutDecision> decisions = PlanProductPuts(stock, puts, kNow);
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[0].kind, PutKind::kRestock);
  EXPECT_EQ(decisions[0].delta, 0);
  EXPECT_EQ(decisions[0].after.level, (StockLevel{0, 4}));
  EXPECT_EQ(decisions[0].expected_version, 9);
  EXPECT_EQ(decisions[1].kind, PutKind::kCreate);
  EXPECT_EQ(decisions[1].after.product_id, 2);
  EXPECT_EQ(decisions[1].delta, 6);
  EXPECT_EQ(decisions[2].kind, PutKind::kRestock);
  EXPECT_EQ(decisions[2].delta, 3);
  EXPECT_EQ(decisions[2].after.version, 3);
}

TEST(InventoryPutPlanTest, TwoPutsOfOneProductInOneGroupAreABug) {
  const ProductPut first{1, "one", 8};
  const ProductPut second{1, "one", 9};
  const ProductPut* const puts[] = {&first, &second};
  EXPECT_THROW(PlanProductPuts({}, puts, kNow), std::logic_error);
}

TEST(InventoryPutPlanTest, AnEmptyGroupDecidesNothing) {
  EXPECT_TRUE(PlanProductPuts({}, {}, kNow).empty());
}

}  // namespace
}  // namespace sagashop::inventory
