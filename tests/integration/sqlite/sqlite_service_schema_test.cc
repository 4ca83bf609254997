// The services' real schemas and their typical statements, run on SQLite through the port.
#include <gtest/gtest.h>

#include <span>
#include <string>

#include "platform/core/timestamp.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "platform/outbox/outbox_writer.h"
#include "services/delivery/delivery_migrations.h"
#include "services/inventory/inventory_migrations.h"
#include "services/order/order_migrations.h"
#include "services/order/order_repository.h"
#include "services/payment/payment_migrations.h"
#include "sqlite_test_dir.h"

namespace sagashop {
namespace {

using db::Migration;

struct ServiceSchema {
  const char* name;
  std::span<const Migration> (*migrations)();
};

class SqliteServiceSchemaTest : public ::testing::TestWithParam<ServiceSchema> {};

TEST_P(SqliteServiceSchemaTest, AppliesOnSqliteAndAgainAsANoOp) {
  testing::SqliteTestDir dir;
  db::SqliteDatabase database(dir.Config(std::string(GetParam().name) + ".db"));
  const std::span<const Migration> migrations = GetParam().migrations();
  ASSERT_FALSE(migrations.empty());
  database.ApplyMigrations(migrations);
  database.ApplyMigrations(migrations);

  auto transaction = database.Begin();
  const db::ResultSet rows = transaction->Execute(
      db::Query{"test.schema_version", "SELECT max(version) FROM schema_migrations"});
  EXPECT_EQ(rows.Int64(0, 0), static_cast<std::int64_t>(migrations.size()));
}

INSTANTIATE_TEST_SUITE_P(
    Services, SqliteServiceSchemaTest,
    ::testing::Values(ServiceSchema{"order", &order::OrderMigrations},
                      ServiceSchema{"payment", &payment::PaymentMigrations},
                      ServiceSchema{"inventory", &inventory::InventoryMigrations},
                      ServiceSchema{"delivery", &delivery::DeliveryMigrations}),
    [](const ::testing::TestParamInfo<ServiceSchema>& info) { return info.param.name; });

class SqliteOrderStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { database_.ApplyMigrations(order::OrderMigrations()); }

  order::CreateOrderRequest Request() const {
    order::CreateOrderRequest request;
    request.user_id = 1001;
    request.product_id = 1;
    request.quantity = 2;
    request.amount = 50000;
    request.address = "Seoul";
    request.payment_method = "CARD";
    request.idempotency_key = "key-1";
    return request;
  }

  testing::SqliteTestDir dir_;
  db::SqliteDatabase database_{dir_.Config("order.db")};
};

TEST_F(SqliteOrderStoreTest, RepositoryInsertFindTransitionAndSteps) {
  const std::string now = NowRfc3339();
  std::int64_t order_id = 0;
  {
    auto transaction = database_.Begin();
    order::OrderRepository repository(*transaction);
    order_id = repository.InsertOrder(Request(), "saga-1", now);
    repository.InsertSaga("saga-1", order_id, now);
    transaction->Commit();
  }

  auto transaction = database_.Begin();
  order::OrderRepository repository(*transaction);
  const auto found = repository.FindOrder(order_id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, order::OrderStatus::kPending);
  EXPECT_EQ(found->address, "Seoul");
  EXPECT_EQ(found->created_at, now);

  const order::OrderMoveRecord to_payment{.order_id = order_id,
                                          .from = order::OrderStatus::kPending,
                                          .to = order::OrderStatus::kPaymentProcessing};
  EXPECT_EQ(repository.MoveOrders({&to_payment, 1}, now), 1);
  EXPECT_EQ(repository.MoveOrders({&to_payment, 1}, now), 0)
      << "the semantic lock: a move from a state the order left is a no-op";
  const order::OrderMoveRecord to_canceled{.order_id = order_id,
                                           .from = order::OrderStatus::kPaymentProcessing,
                                           .to = order::OrderStatus::kCanceled,
                                           .reason = "declined"};
  EXPECT_EQ(repository.MoveOrders({&to_canceled, 1}, now), 1);
  EXPECT_EQ(repository.FindOrder(order_id)->reason, "declined");

  const order::SagaStepRecord step{.saga_id = "saga-1",
                                   .order_id = order_id,
                                   .event_id = "event-1",
                                   .event_type = "payment.failed.v1",
                                   .service = "payment",
                                   .outcome = "applied: CANCELED",
                                   .occurred_at = now,
                                   .recorded_at = now};
  repository.RecordSteps({&step, 1});
  repository.RecordSteps({&step, 1});  // idempotent per event id
  EXPECT_EQ(repository.ListSteps("saga-1").size(), 1u);
  const order::SagaUpdateRecord saga{
      .saga_id = "saga-1", .status = "COMPENSATED", .current_step = "payment.failed.v1"};
  repository.UpdateSagas({&saga, 1}, now);
  EXPECT_EQ(repository.FindSagaByOrder(order_id)->status, "COMPENSATED");

  order::OrderListFilter filter;
  filter.user_id = 1001;
  filter.status = order::OrderStatus::kCanceled;
  EXPECT_EQ(repository.ListOrders(filter).size(), 1u);
  transaction->Commit();
}

TEST_F(SqliteOrderStoreTest, OutboxWriterCommitsRowsAndWakesTheRelay) {
  const std::string channel = outbox::OutboxChannel("order");
  auto listener = database_.Listen(channel);
  {
    auto transaction = database_.Begin();
    outbox::OutboxWriter writer(*transaction, channel);
    writer.Append({"e-1", "order", 7, "order.created.v1", R"({"orderId":7})", ""});
    writer.Append({"e-2", "order", 7, "order.completed.v1", R"({"orderId":7})", "00-abc-def-01"});
    transaction->Commit();
  }
  EXPECT_TRUE(listener->WaitForNotification(std::chrono::seconds(10)));

  // The relay's statements: pending rows in id order, then mark sent by a JSON id list.
  auto transaction = database_.Begin();
  const db::ResultSet pending = transaction->Execute(
      db::Query{"outbox_select_pending",
                "SELECT id, event_id, aggregate_id, event_type, payload, trace_parent, created_at "
                "FROM outbox_events WHERE status = 'PENDING' ORDER BY id LIMIT $1"},
      {std::int64_t{100}});
  ASSERT_EQ(pending.RowCount(), 2u);
  EXPECT_EQ(pending.Text(0, 1), "e-1");
  EXPECT_TRUE(pending.IsNull(0, 5));
  const std::string ids = "[" + pending.Text(0, 0) + "," + pending.Text(1, 0) + "]";
  const db::ResultSet marked =
      transaction->Execute(db::Query{"outbox_mark_sent",
                                     "UPDATE outbox_events SET status = 'SENT', sent_at = $2 "
                                     "WHERE id IN (SELECT value FROM json_each($1))"},
                           {ids, NowRfc3339()});
  EXPECT_EQ(marked.AffectedRows(), 2);

  const db::ResultSet inbox = transaction->Execute(
      db::Query{"inbox_record",
                "INSERT INTO inbox_events (event_id, event_type, status, processed_at) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING"},
      {"in-1", "payment.completed.v1", "PROCESSED", NowRfc3339()});
  EXPECT_EQ(inbox.AffectedRows(), 1);
  transaction->Commit();
}

}  // namespace
}  // namespace sagashop
