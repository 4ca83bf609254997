#include "services/inventory/reservation_sweeper.h"

#include <gtest/gtest.h>
#include <prometheus/counter.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "platform/db/postgres/pg_database.h"
#include "platform/db/run_in_transaction.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "services/inventory/inventory_migrations.h"
#include "sqlite/sqlite_test_dir.h"
#include "support/eventually.h"
#include "support/pg_admin.h"
#include "support/test_env.h"

namespace sagashop::inventory {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;

enum class Backend { kSqlite, kPostgres };

// A fresh Inventory database on the backend under test; Open() gives another handle to the same
// database, as a second service instance would have.
class InventoryDatabase {
 public:
  explicit InventoryDatabase(Backend backend) : backend_(backend) {
    if (backend_ == Backend::kPostgres) {
      admin_ = std::make_unique<testing::PgAdmin>(testing::RequiredEnv("SAGASHOP_TEST_PG_URI"));
      std::random_device random;
      name_ = "it_sweeper_" + std::to_string(random()) + std::to_string(random() % 1000);
      admin_->CreateDatabase(name_);
    }
  }
  ~InventoryDatabase() {
    if (admin_) admin_->DropDatabase(name_);
  }

  std::unique_ptr<db::Database> Open() const {
    std::unique_ptr<db::Database> database;
    if (backend_ == Backend::kPostgres) {
      db::PgConfig config;
      config.conninfo = admin_->UriOf(name_);
      database = std::make_unique<db::PgDatabase>(config);
    } else {
      database = std::make_unique<db::SqliteDatabase>(dir_.Config("inventory.db"));
    }
    database->ApplyMigrations(InventoryMigrations());
    return database;
  }

 private:
  Backend backend_;
  testing::SqliteTestDir dir_;
  std::unique_ptr<testing::PgAdmin> admin_;
  std::string name_;
};

const SystemTime kNow = std::chrono::system_clock::now();

class ReservationSweeperTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = std::make_unique<InventoryDatabase>(GetParam());
    database_ = store_->Open();
  }
  void TearDown() override {
    database_.reset();
    store_.reset();
  }

  // A product with `available` units on the shelf and `reserved` more held by reservations.
  void AddProduct(std::int64_t product_id, std::int64_t available, std::int64_t reserved) {
    db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      InventoryRepository repository(tx);
      repository.InsertProduct(product_id, "p", available, NowRfc3339());
      ASSERT_TRUE(
          repository.UpdateStockIfVersion(product_id, "p", {available, reserved}, 0, NowRfc3339()));
    });
  }

  std::int64_t Reserve(std::int64_t order_id, std::int64_t product_id, std::int64_t quantity,
                       SystemTime expired_at) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      return InventoryRepository(tx).InsertReservation(
          {.order_id = order_id,
           .product_id = product_id,
           .quantity = quantity,
           .expired_at = FormatRfc3339(expired_at),
           .correlation_id = "saga-" + std::to_string(order_id),
           .trace_parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
          NowRfc3339());
    });
  }

  void Finish(std::int64_t reservation_id, std::string_view to) {
    db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      ASSERT_TRUE(InventoryRepository(tx).FinishReservation(reservation_id, to, NowRfc3339()));
    });
  }

  std::string StatusOf(std::int64_t order_id) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      return InventoryRepository(tx).FindReservationByOrder(order_id).value().status;
    });
  }

  StockLevel LevelOf(std::int64_t product_id) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      return InventoryRepository(tx).FindStock(product_id).value().level;
    });
  }

  struct Released {
    std::int64_t order_id;
    std::int64_t reservation_id;
    std::int64_t quantity;
    std::string correlation_id;
    std::string trace_parent;
  };
  // The stock.released.v1 events in the outbox, in id order.
  std::vector<Released> ReleasedEvents() {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      const db::ResultSet rows = tx.Execute({"test_outbox_released",
                                             "SELECT payload, trace_parent FROM outbox_events "
                                             "WHERE event_type = 'stock.released.v1' ORDER BY id"});
      std::vector<Released> events;
      for (std::size_t row = 0; row < rows.RowCount(); ++row) {
        const boost::json::object event = boost::json::parse(rows.Text(row, 0)).as_object();
        events.push_back({event.at("orderId").as_int64(), event.at("reservationId").as_int64(),
                          event.at("quantity").as_int64(),
                          std::string(event.at("correlationId").as_string()),
                          rows.OptionalText(row, 1).value_or("")});
      }
      return events;
    });
  }

  std::unique_ptr<InventoryDatabase> store_;
  std::unique_ptr<db::Database> database_;
  StockKeeper stock_;
  prometheus::Counter releases_;
};

TEST_P(ReservationSweeperTest, ReleasesOnlyWhatExpiredLongerThanTheGraceAgo) {
  AddProduct(1, 4, 1 + 2 + 3 + 4);
  const std::int64_t long_expired = Reserve(101, 1, 1, kNow - 2min);
  Reserve(102, 1, 2, kNow - 30s);  // expired, but within the grace
  Reserve(103, 1, 3, kNow + 10min);
  Finish(Reserve(104, 1, 4, kNow - 1h), "COMMITTED");  // shipped before it could expire

  ReservationSweeper sweeper(*database_, stock_, {.grace = 1min}, releases_);
  EXPECT_EQ(sweeper.SweepOnce(kNow), 1);

  EXPECT_EQ(StatusOf(101), "RELEASED");
  EXPECT_EQ(StatusOf(102), "RESERVED");
  EXPECT_EQ(StatusOf(103), "RESERVED");
  EXPECT_EQ(StatusOf(104), "COMMITTED");
  // Finish() above moved only 104's status, so the row still counts its units as reserved; only
  // 101's unit comes back.
  EXPECT_EQ(LevelOf(1), (StockLevel{5, 9}));

  const std::vector<Released> events = ReleasedEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].order_id, 101);
  EXPECT_EQ(events[0].reservation_id, long_expired);
  EXPECT_EQ(events[0].quantity, 1);
  // The release continues the saga and the trace that made the reservation.
  EXPECT_EQ(events[0].correlation_id, "saga-101");
  EXPECT_EQ(events[0].trace_parent.substr(0, 36), "00-0af7651916cd43dd8448eb211c80319c-");

  EXPECT_EQ(sweeper.SweepOnce(kNow), 0) << "a released reservation is released once";
  EXPECT_EQ(sweeper.SweepOnce(kNow + 1min), 1) << "102 is past its grace a minute later";
  EXPECT_EQ(LevelOf(1), (StockLevel{7, 7}));
  EXPECT_EQ(sweeper.ReleasedTotal(), 2u);
  EXPECT_EQ(releases_.Value(), 2) << "each release is one compensation in the metric";
}

TEST_P(ReservationSweeperTest, SweepsMoreThanABatchInOnePass) {
  constexpr int kReservations = 250;
  AddProduct(2, 0, kReservations);
  for (int order = 0; order < kReservations; ++order) Reserve(1000 + order, 2, 1, kNow - 1h);

  ReservationSweeper sweeper(*database_, stock_, {.grace = 1min, .batch_size = 100}, releases_);
  EXPECT_EQ(sweeper.SweepOnce(kNow), kReservations);
  EXPECT_EQ(LevelOf(2), (StockLevel{kReservations, 0}));
  EXPECT_EQ(ReleasedEvents().size(), static_cast<std::size_t>(kReservations));
}

// Two Inventory instances sweep the same database at once: each reservation is released by one
// of them, its stock given back once and its event written once.
TEST_P(ReservationSweeperTest, ConcurrentSweepersReleaseEachReservationOnce) {
  constexpr int kReservations = 300;
  AddProduct(3, 0, kReservations);
  for (int order = 0; order < kReservations; ++order) Reserve(5000 + order, 3, 1, kNow - 1h);

  std::unique_ptr<db::Database> other = store_->Open();
  StockKeeper other_stock;
  prometheus::Counter other_releases;
  ReservationSweeper first(*database_, stock_, {.grace = 1min, .batch_size = 20}, releases_);
  ReservationSweeper second(*other, other_stock, {.grace = 1min, .batch_size = 20}, other_releases);
  int released_by_second = 0;
  std::thread racer([&] { released_by_second = second.SweepOnce(kNow); });
  const int released_by_first = first.SweepOnce(kNow);
  racer.join();

  EXPECT_EQ(released_by_first + released_by_second, kReservations);
  EXPECT_EQ(LevelOf(3), (StockLevel{kReservations, 0}));
  const std::vector<Released> events = ReleasedEvents();
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kReservations));
  std::set<std::int64_t> orders;
  for (const Released& event : events) orders.insert(event.order_id);
  EXPECT_EQ(orders.size(), static_cast<std::size_t>(kReservations));
  // A batch that lost a race and was rolled back or rerun counted nothing: only commits count.
  EXPECT_EQ(releases_.Value() + other_releases.Value(), kReservations);
}

TEST_P(ReservationSweeperTest, SweepsOnItsOwnUntilStopped) {
  AddProduct(4, 0, 2);
  Reserve(201, 4, 2, kNow - 1h);
  ReservationSweeper sweeper(*database_, stock_, {.grace = 0ms, .interval = 20ms}, releases_);
  sweeper.Start();
  EXPECT_TRUE(Eventually([&] { return StatusOf(201) == "RELEASED"; }, 20s));
  sweeper.Stop();
  EXPECT_EQ(sweeper.ReleasedTotal(), 1u);
  EXPECT_EQ(LevelOf(4), (StockLevel{2, 0}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReservationSweeperTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace sagashop::inventory
