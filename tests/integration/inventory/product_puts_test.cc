// PUT /inventory's writes on both databases as concurrent requests make them: PUTs that arrive
// while a group runs go together in the next one; a group that fails (a product created meanwhile
// by another instance, a row changed meanwhile) fails none of its PUTs, each being carried out on
// its own; and concurrent PUTs of one product each see what the one before did.
#include "services/inventory/product_puts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <future>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "integration/database/test_backend.h"
#include "integration/inventory/hooked_stock_reads.h"
#include "platform/core/timestamp.h"
#include "services/inventory/inventory_migrations.h"
#include "services/inventory/inventory_repository.h"
#include "support/eventually.h"

namespace sagashop::inventory {
namespace {

constexpr db::Query kLedgerSum{"test_stock_ledger_sum",
                               "SELECT COALESCE(SUM(delta), 0) FROM stock_adjustments "
                               "WHERE product_id = $1"};
constexpr db::Query kLedgerRows{"test_stock_ledger_rows",
                                "SELECT COUNT(*) FROM stock_adjustments WHERE product_id = $1"};

// The product ids a stock read asked for, sorted.
std::vector<std::int64_t> ProductsRead(std::span<const db::Param> params) {
  const boost::json::value asked = boost::json::parse(std::get<std::string>(params[0]));
  std::vector<std::int64_t> ids;
  for (const auto& id : asked.as_array()) {
    ids.push_back(id.to_number<std::int64_t>());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

class InventoryPutsTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(InventoryMigrations());
  }

  void Seed(std::int64_t product, std::int64_t available) {
    auto tx = database_->Begin();
    InventoryRepository(*tx).InsertProduct(product, "seeded", available, NowRfc3339());
    tx->Commit();
  }

  ProductStock Find(std::int64_t product) {
    auto tx = database_->Begin();
    return InventoryRepository(*tx).FindStock(product).value();
  }

  std::int64_t LedgerSum(std::int64_t product) {
    auto tx = database_->Begin();
    return tx->Execute(kLedgerSum, {product}).Int64(0, 0);
  }
  std::int64_t LedgerRows(std::int64_t product) {
    auto tx = database_->Begin();
    return tx->Execute(kLedgerRows, {product}).Int64(0, 0);
  }

  // Runs `blocker` alone in a group held at its read until `followers` all wait behind it, so that
  // they form the next group, whose read `edit` changes. Returns the followers' answers in order;
  // `group_read` gets the products the followers' group read.
  std::vector<PutDecision> GroupBehind(
      const ProductPut& blocker, const std::vector<ProductPut>& followers,
      const std::function<db::ResultSet(const db::ResultSet&)>& edit,
      std::vector<std::int64_t>& group_read) {
    std::atomic<int> reads{0};
    std::latch blocker_reading(1);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    testing::HookedStockReads hooked(
        *database_, [&](std::span<const db::Param> params, db::ResultSet rows) {
          const int read = ++reads;
          if (read == 1) {
            blocker_reading.count_down();
            released.wait();
          } else if (read == 2) {
            group_read = ProductsRead(params);
            return edit(rows);
          }
          return rows;  // the PUTs carried out on their own see the rows as they are
        });
    ProductPuts puts(hooked);
    std::thread leader([&] { EXPECT_EQ(puts.Put(blocker).kind, PutKind::kCreate); });
    blocker_reading.wait();
    std::vector<std::future<PutDecision>> answers;
    for (const ProductPut& put : followers) {
      answers.push_back(std::async(std::launch::async, [&puts, &put] { return puts.Put(put); }));
    }
    const bool gathered = testing::Eventually([&] { return puts.Waiting() == followers.size(); });
    release.set_value();
    leader.join();
    std::vector<PutDecision> decisions;
    for (auto& answer : answers) decisions.push_back(answer.get());
    EXPECT_TRUE(gathered) << "the followers did not wait behind the blocker";
    return decisions;
  }
};

TEST_P(InventoryPutsTest, AGroupWithAProductCreatedMeanwhileFailsNoneOfItsPuts) {
  Seed(7, 5);
  const std::vector<ProductPut> followers{{7, "seven", 9}, {8, "eight", 3}, {9, "nine", 0}};
  std::vector<std::int64_t> group_read;
  const std::vector<PutDecision> decisions = GroupBehind(
      {100, "blocker", 1}, followers,
      [](const db::ResultSet& rows) { return testing::WithoutProduct(rows, 7); }, group_read);

  EXPECT_EQ(group_read, (std::vector<std::int64_t>{7, 8, 9})) << "the three formed one group";
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[0].kind, PutKind::kRestock) << "on its own, it found the product";
  EXPECT_EQ(decisions[0].delta, 4);
  EXPECT_EQ(decisions[1].kind, PutKind::kCreate);
  EXPECT_EQ(decisions[2].kind, PutKind::kCreate);
  for (std::size_t i = 0; i < followers.size(); ++i) {
    EXPECT_EQ(decisions[i].after, Find(followers[i].product_id)) << "PUT " << i;
  }
  EXPECT_EQ(Find(7).level.available, 9);
  EXPECT_EQ(LedgerSum(7), 4) << "the failed group's rows were rolled back";
  EXPECT_EQ(LedgerSum(8), 3);
  EXPECT_EQ(LedgerRows(9), 0);
  EXPECT_EQ(LedgerSum(100), 1);
}

TEST_P(InventoryPutsTest, AGroupWithARowChangedMeanwhileFailsNoneOfItsPuts) {
  Seed(7, 5);
  Seed(8, 5);
  const std::vector<ProductPut> followers{{7, "seven", 6}, {8, "eight", 2}, {9, "nine", 4}};
  std::vector<std::int64_t> group_read;
  const std::vector<PutDecision> decisions = GroupBehind(
      {100, "blocker", 1}, followers,
      [](const db::ResultSet& rows) { return testing::WithOlderVersion(rows, 8); }, group_read);

  EXPECT_EQ(group_read, (std::vector<std::int64_t>{7, 8, 9})) << "the three formed one group";
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[0].kind, PutKind::kRestock);
  EXPECT_EQ(decisions[1].kind, PutKind::kRestock);
  EXPECT_EQ(decisions[1].delta, -3);
  EXPECT_EQ(decisions[2].kind, PutKind::kCreate);
  for (std::size_t i = 0; i < followers.size(); ++i) {
    EXPECT_EQ(decisions[i].after, Find(followers[i].product_id)) << "PUT " << i;
    EXPECT_EQ(decisions[i].after.version, followers[i].product_id == 9 ? 0 : 1)
        << "written once, on its own";
  }
  EXPECT_EQ(LedgerSum(7), 1);
  EXPECT_EQ(LedgerSum(8), -3);
  EXPECT_EQ(LedgerSum(9), 4);
}

TEST_P(InventoryPutsTest, ConcurrentPutsOfOneProductEachSeeWhatTheOneBeforeDid) {
  constexpr int kPuts = 8;
  ProductPuts puts(*database_);
  std::latch go(kPuts);
  std::vector<std::future<PutDecision>> answers;
  for (int i = 0; i < kPuts; ++i) {
    answers.push_back(std::async(std::launch::async, [&, i] {
      go.arrive_and_wait();
      return puts.Put({5, "five", 10 + i});
    }));
  }
  int created = 0;
  std::set<std::int64_t> versions;
  for (auto& answer : answers) {
    const PutDecision decision = answer.get();
    created += decision.kind == PutKind::kCreate ? 1 : 0;
    versions.insert(decision.after.version);
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(versions.size(), static_cast<std::size_t>(kPuts)) << "one write after the other";
  const ProductStock last = Find(5);
  EXPECT_EQ(last.version, kPuts - 1);
  EXPECT_EQ(LedgerSum(5), last.level.available) << "the ledger adds up to what is there";
}

TEST_P(InventoryPutsTest, ManyConcurrentPutsOfDifferentProductsAreEachAnsweredWithTheirOwn) {
  constexpr int kPuts = 40;
  for (int i = 0; i < kPuts; i += 2) Seed(i, 1);  // even products exist, odd ones are new
  ProductPuts puts(*database_);
  std::latch go(kPuts);
  std::vector<std::future<PutDecision>> answers;
  for (int i = 0; i < kPuts; ++i) {
    answers.push_back(std::async(std::launch::async, [&, i] {
      go.arrive_and_wait();
      return puts.Put({i, "product " + std::to_string(i), 100 + i});
    }));
  }
  for (int i = 0; i < kPuts; ++i) {
    const PutDecision decision = answers[i].get();
    SCOPED_TRACE("product " + std::to_string(i));
    EXPECT_EQ(decision.kind, i % 2 == 0 ? PutKind::kRestock : PutKind::kCreate);
    EXPECT_EQ(decision.after, Find(i));
    EXPECT_EQ(decision.after.product_name, "product " + std::to_string(i));
    EXPECT_EQ(LedgerSum(i), 100 + i - (i % 2 == 0 ? 1 : 0));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryPutsTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::inventory
