// Key rotation of the Order service's sealed columns on both databases: orders whose address rests
// in clear (written before sealing) or under an older key, and their order.created.v1 in the
// outbox, are sealed again under the active key in batches, and every one still opens to its
// address.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "integration/database/test_backend.h"
#include "platform/core/timestamp.h"
#include "platform/crypto/column_resealer.h"
#include "platform/crypto/sealed_value.h"
#include "platform/metrics/metrics_registry.h"
#include "services/order/order_group_creation.h"
#include "services/order/order_migrations.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

class SealedColumnsTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(OrderMigrations());
  }

  // `count` orders through the group path, sealed with `cipher`.
  void CreateSealed(const crypto::FieldCipher& cipher, int count) {
    std::vector<CreateOrderRequest> requests;
    requests.reserve(count);
    for (int n = 0; n < count; ++n) {
      requests.push_back({.user_id = 1,
                          .product_id = 1,
                          .quantity = 1,
                          .amount = 100,
                          .address = "Sealed Street " + std::to_string(n),
                          .payment_method = "CARD"});
    }
    std::vector<OrderSubmission> submissions;
    submissions.reserve(requests.size());
    for (const CreateOrderRequest& request : requests) submissions.push_back({.request = &request});
    std::vector<const OrderSubmission*> group;
    group.reserve(submissions.size());
    for (const OrderSubmission& submission : submissions) group.push_back(&submission);
    auto tx = database_->Begin();
    CreateOrdersTogether(*tx, group, NowRfc3339(), metrics_, cipher);
    tx->Commit();
  }

  // An order as a version before sealing wrote it: the address in clear.
  void CreateClear(const std::string& address) {
    auto tx = database_->Begin();
    const CreateOrderRequest request{.user_id = 2,
                                     .product_id = 1,
                                     .quantity = 1,
                                     .amount = 100,
                                     .address = address,
                                     .payment_method = "CARD"};
    OrderRepository(*tx).InsertOrder(request, "saga-clear-" + address, NowRfc3339());
    tx->Commit();
  }

  std::vector<OrderRecord> Orders() {
    auto tx = database_->Begin();
    return OrderRepository(*tx).ListOrders({.limit = 1000});
  }

  // The address member of every order.created.v1 in the outbox.
  std::vector<std::string> EventAddresses() {
    auto tx = database_->Begin();
    const db::ResultSet rows = tx->Execute(
        {"test.outbox_payloads", tx->GetDialect() == db::Dialect::kPostgres
                                     ? "SELECT payload::text FROM outbox_events ORDER BY id"
                                     : "SELECT payload FROM outbox_events ORDER BY id"},
        {});
    std::vector<std::string> addresses;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) {
      addresses.emplace_back(
          boost::json::parse(rows.Text(row, 0)).as_object().at("address").as_string());
    }
    return addresses;
  }

  crypto::ResealCount Rotate(const crypto::FieldCipher& cipher) {
    crypto::ResealCount total;
    for (const crypto::SealedColumn& column : OrderSealedColumns()) {
      crypto::ColumnResealer resealer(*database_, cipher, column,
                                      OnPostgres() ? db::Dialect::kPostgres : db::Dialect::kSqlite);
      const crypto::ResealCount count = resealer.Pass(/*batch_size=*/3);
      total.examined += count.examined;
      total.resealed += count.resealed;
      total.changed_meanwhile += count.changed_meanwhile;
      EXPECT_EQ(resealer.CountNotUnderActiveKey(3), 0) << column.table;
    }
    return total;
  }

  metrics::MetricsRegistry registry_{"order"};
  OrderMetrics metrics_{registry_};
};

TEST_P(SealedColumnsTest, EveryValueIsUnderTheNewKeyAfterRotationAndStillOpens) {
  const crypto::DataKey k1 = crypto::GenerateDataKey("k1");
  const crypto::FieldCipher old_cipher(crypto::KeyRing({{"k1", k1}}, "k1"));
  CreateSealed(old_cipher, 7);
  CreateClear("Clear Avenue 1");
  CreateClear("Clear Avenue 2");
  for (const std::string& address : EventAddresses()) {
    EXPECT_EQ(crypto::SealedKeyId(address), "k1");
  }

  const crypto::FieldCipher cipher(
      crypto::KeyRing({{"k1", k1}, {"k2", crypto::GenerateDataKey("k2")}}, "k2"));
  const crypto::ResealCount count = Rotate(cipher);
  EXPECT_EQ(count.resealed, 7 + 2 + 7);  // orders sealed and clear, then the events
  EXPECT_EQ(count.changed_meanwhile, 0);

  const std::vector<OrderRecord> orders = Orders();
  ASSERT_EQ(orders.size(), 9u);
  for (std::size_t n = 0; n < orders.size(); ++n) {
    EXPECT_EQ(crypto::SealedKeyId(orders[n].address), "k2") << n;
    const std::string expected =
        n < 7 ? "Sealed Street " + std::to_string(n) : "Clear Avenue " + std::to_string(n - 6);
    EXPECT_EQ(cipher.Open(orders[n].address), expected);
  }
  const std::vector<std::string> events = EventAddresses();
  ASSERT_EQ(events.size(), 7u);
  for (std::size_t n = 0; n < events.size(); ++n) {
    EXPECT_EQ(crypto::SealedKeyId(events[n]), "k2");
    EXPECT_EQ(cipher.Open(events[n]), "Sealed Street " + std::to_string(n));
  }

  // A second rotation under the same key finds nothing to do.
  EXPECT_EQ(Rotate(cipher).resealed, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, SealedColumnsTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::order
