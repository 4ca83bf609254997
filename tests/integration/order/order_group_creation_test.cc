// POST /orders' group commit on both databases: a group's orders, keys, sagas, events and first
// steps, and a key used before, which is left to the single-request path.
#include "services/order/order_group_creation.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "integration/database/outbox_events.h"
#include "integration/database/test_backend.h"
#include "platform/core/timestamp.h"
#include "platform/crypto/sealed_value.h"
#include "platform/metrics/metrics_registry.h"
#include "services/order/idempotency_key_repository.h"
#include "services/order/order_migrations.h"
#include "services/order/order_repository.h"

namespace sagashop::order {
namespace {

constexpr const char* kTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b71ef9a2c4d-01";

CreateOrderRequest Request(std::int64_t user, std::optional<std::string> key) {
  return {.user_id = user,
          .product_id = 1,
          .quantity = 2,
          .amount = 500 + user,
          .address = "Seoul",
          .payment_method = "CARD",
          .idempotency_key = std::move(key)};
}

class OrderGroupCreationTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    database_->ApplyMigrations(OrderMigrations());
  }

  std::vector<GroupedOrder> Create(const std::vector<CreateOrderRequest>& requests) {
    std::vector<OrderSubmission> submissions;
    for (const CreateOrderRequest& request : requests) {
      submissions.push_back({.request = &request, .trace_parent = kTraceParent});
    }
    std::vector<const OrderSubmission*> group;
    for (const OrderSubmission& submission : submissions) group.push_back(&submission);
    auto tx = database_->Begin();
    std::vector<GroupedOrder> answers =
        CreateOrdersTogether(*tx, group, Expired(), metrics_, cipher_);
    tx->Commit();
    return answers;
  }

  static std::string Expired() {
    return FormatRfc3339(std::chrono::system_clock::now() - std::chrono::hours(24));
  }

  std::vector<std::string> Outbox() { return testing::OutboxEvents(*database_); }

  metrics::MetricsRegistry registry_{"order"};
  OrderMetrics metrics_{registry_};
  crypto::FieldCipher cipher_{crypto::KeyRing({{"k1", crypto::GenerateDataKey("k1")}}, "k1")};
};

TEST_P(OrderGroupCreationTest, AGroupCreatesEachOrderWithItsKeySagaEventAndFirstStep) {
  const std::vector<CreateOrderRequest> requests{Request(1, "k1"), Request(2, std::nullopt),
                                                 Request(3, "k3"), Request(1, "k2"),
                                                 Request(4, std::nullopt)};
  const std::vector<GroupedOrder> answers = Create(requests);
  ASSERT_EQ(answers.size(), requests.size());
  std::set<std::int64_t> ids;
  std::vector<std::string> expected_outbox;
  {
    auto tx = database_->Begin();
    OrderRepository orders(*tx);
    IdempotencyKeyRepository keys(*tx);
    for (std::size_t i = 0; i < answers.size(); ++i) {
      ASSERT_TRUE(answers[i].order_id) << "request " << i;
      const std::int64_t id = *answers[i].order_id;
      ids.insert(id);
      expected_outbox.push_back("order.created.v1 " + std::to_string(id));
      const std::optional<OrderRecord> order = orders.FindOrder(id);
      ASSERT_TRUE(order);
      EXPECT_EQ(order->user_id, requests[i].user_id);
      EXPECT_TRUE(order->address.starts_with("enc:v1:k1:")) << order->address;
      EXPECT_EQ(cipher_.Open(order->address), "Seoul");
      EXPECT_EQ(order->amount, requests[i].amount);
      EXPECT_EQ(order->status, OrderStatus::kPending);
      EXPECT_EQ(order->saga_id, answers[i].saga_id);
      const std::optional<SagaRecord> saga = orders.FindSagaByOrder(id);
      ASSERT_TRUE(saga);
      EXPECT_EQ(saga->saga_id, answers[i].saga_id);
      EXPECT_EQ(saga->trace_id, "0af7651916cd43dd8448eb211c80319c");
      const std::vector<SagaStepRecord> steps = orders.ListSteps(answers[i].saga_id);
      ASSERT_EQ(steps.size(), 1u);
      EXPECT_EQ(steps[0].event_type, "order.created.v1");
      EXPECT_EQ(steps[0].outcome, "applied: PENDING");
      if (requests[i].idempotency_key) {
        const std::optional<StoredKey> stored =
            keys.Find(requests[i].user_id, *requests[i].idempotency_key, Expired());
        ASSERT_TRUE(stored) << "request " << i;
        EXPECT_EQ(stored->order_id, id);
        EXPECT_EQ(stored->request_fingerprint, requests[i].Fingerprint());
      }
    }
  }  // one transaction at a time: SQLite has one writer
  EXPECT_EQ(ids.size(), requests.size());
  EXPECT_EQ(Outbox(), expected_outbox) << "the events are in the group's order";
}

TEST_P(OrderGroupCreationTest, ARequestWhoseKeyWasUsedIsLeftToTheSingleRequestPath) {
  const std::vector<GroupedOrder> first = Create({Request(1, "k1")});
  ASSERT_TRUE(first[0].order_id);
  // A retry of it, a different request under its key, and a new one.
  CreateOrderRequest different = Request(1, "k1");
  different.amount = 9;
  const std::vector<GroupedOrder> second = Create({Request(1, "k1"), different, Request(2, "k1")});
  EXPECT_FALSE(second[0].order_id);
  EXPECT_FALSE(second[1].order_id);
  ASSERT_TRUE(second[2].order_id) << "keys are per user: user 2's k1 is new";
  EXPECT_EQ(Outbox().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OrderGroupCreationTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::order
