// Who may see and do what, over HTTP in both modes (docs/security.md, Authorization): a customer's
// token reaches only its own orders, payments, reservations and deliveries, and another user's
// answer as if they did not exist; restocking needs inventory:write; the operator endpoints need
// ops, which sees everyone's.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "e2e/auth/token_issuer.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

class AuthorizationTest : public ::testing::TestWithParam<Mode> {
 protected:
  static void SetUpTestSuite() { issuer_ = new TokenIssuer(); }
  static void TearDownTestSuite() { delete issuer_; }

  void SetUp() override {
    system_ = std::make_unique<SystemUnderTest>(GetParam(), issuer_->SystemFlags());
  }

  static http::HttpClient::Headers TokenOf(const std::string& subject, const std::string& scope) {
    return issuer_->BearerFor(subject, scope);
  }

  boost::json::object Json(const http::Response& response) {
    return boost::json::parse(response.body).as_object();
  }

  // Places an order of `user` with its own token and waits until it completed.
  std::int64_t PlaceCompletedOrder(std::int64_t user, const http::HttpClient::Headers& token) {
    const http::Response created = system_->Send(
        "order", "POST", "/orders",
        R"({"userId":)" + std::to_string(user) + R"(,"productId":1,"quantity":1,"amount":1000})",
        token);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::int64_t order_id = Json(created).at("orderId").as_int64();
    EXPECT_TRUE(Eventually(
        [&] {
          const http::Response order =
              system_->Send("order", "GET", "/orders/" + std::to_string(order_id), {}, token);
          return order.status == 200 && Json(order).at("status").as_string() == "COMPLETED";
        },
        std::chrono::seconds(60)))
        << "order " << order_id << " of user " << user;
    return order_id;
  }

  // The id of the single item `target` lists for `token`.
  std::int64_t OnlyItemId(const std::string& service, const std::string& target,
                          const http::HttpClient::Headers& token) {
    const http::Response list = system_->Send(service, "GET", target, {}, token);
    EXPECT_EQ(list.status, 200) << list.body;
    const boost::json::object body = Json(list);
    const auto& items = body.at("items").as_array();
    EXPECT_EQ(items.size(), 1U) << target << ": " << list.body;
    return items.empty() ? 0 : items.front().as_object().at("id").as_int64();
  }

  static inline TokenIssuer* issuer_ = nullptr;
  std::unique_ptr<SystemUnderTest> system_;
};

TEST_P(AuthorizationTest, RestockingNeedsInventoryWriteAndOperatorEndpointsNeedOps) {
  const auto customer = TokenOf("101", "");
  const auto stocker = TokenOf("warehouse", "inventory:write");
  const auto operator_ = TokenOf("alice", "ops");
  const std::string product = R"({"productName":"lamp","availableQuantity":10})";

  const http::Response by_customer =
      system_->Send("inventory", "PUT", "/inventory/1", product, customer);
  EXPECT_EQ(by_customer.status, 403) << by_customer.body;
  EXPECT_NE(by_customer.body.find("inventory:write"), std::string::npos) << by_customer.body;
  EXPECT_EQ(system_->Send("inventory", "PUT", "/inventory/1", product, operator_).status, 403);
  EXPECT_EQ(system_->Send("inventory", "GET", "/inventory/1", {}, customer).status, 404)
      << "nothing was written by the refused requests";
  EXPECT_EQ(system_->Send("inventory", "PUT", "/inventory/1", product, stocker).status, 201);

  for (const auto* token : {&customer, &stocker}) {
    EXPECT_EQ(system_->Send("order", "GET", "/sagas?stuck=true", {}, *token).status, 403);
  }
  EXPECT_EQ(system_->Send("order", "GET", "/sagas?stuck=true", {}, operator_).status, 200);
  // Every service's dead letters are an operator's too, to see and to replay.
  for (const std::string& service : SystemUnderTest::Services()) {
    for (const auto* token : {&customer, &stocker}) {
      EXPECT_EQ(system_->Send(service, "GET", "/dead-letters", {}, *token).status, 403) << service;
      EXPECT_EQ(system_->Send(service, "POST", "/dead-letters/" + service + "-1/replay", {}, *token)
                    .status,
                403)
          << service;
    }
    EXPECT_EQ(system_->Send(service, "GET", "/dead-letters", {}, operator_).status, 200) << service;
    EXPECT_EQ(
        system_->Send(service, "POST", "/dead-letters/" + service + "-1/replay", {}, operator_)
            .status,
        404)
        << service;
  }
  // A token of no user (no numeric subject) and no ops lists no one's orders.
  EXPECT_EQ(system_->Send("order", "GET", "/orders", {}, stocker).status, 403);
}

TEST_P(AuthorizationTest, ACustomerReachesOnlyItsOwnOrdersPaymentsReservationsAndDeliveries) {
  const auto alice = TokenOf("101", "");
  const auto bob = TokenOf("202", "");
  const auto operator_ = TokenOf("ops-console", "ops");
  ASSERT_EQ(system_
                ->Send("inventory", "PUT", "/inventory/1",
                       R"({"productName":"lamp","availableQuantity":10})",
                       TokenOf("warehouse", "inventory:write"))
                .status,
            201);

  // Creating for someone else is refused, naming the field, and makes nothing.
  const http::Response for_bob =
      system_->Send("order", "POST", "/orders",
                    R"({"userId":202,"productId":1,"quantity":1,"amount":1000})", alice);
  EXPECT_EQ(for_bob.status, 403) << for_bob.body;
  EXPECT_NE(for_bob.body.find("\"userId\""), std::string::npos) << for_bob.body;

  const std::int64_t alices = PlaceCompletedOrder(101, alice);
  const std::int64_t bobs = PlaceCompletedOrder(202, bob);
  const std::string bobs_id = std::to_string(bobs);
  const std::string alices_id = std::to_string(alices);

  // Bob's order, saga, payment, reservation and delivery do not exist for Alice...
  EXPECT_EQ(system_->Send("order", "GET", "/orders/" + bobs_id, {}, alice).status, 404);
  EXPECT_EQ(system_->Send("order", "GET", "/orders/" + bobs_id + "/saga", {}, alice).status, 404);
  for (const auto& [service, list] :
       {std::pair{"payment", "/payments"}, std::pair{"inventory", "/reservations"},
        std::pair{"delivery", "/deliveries"}}) {
    const http::Response listed =
        system_->Send(service, "GET", std::string(list) + "?orderId=" + bobs_id, {}, alice);
    EXPECT_EQ(listed.status, 200) << service;
    EXPECT_TRUE(Json(listed).at("items").as_array().empty()) << service << ": " << listed.body;
  }
  const std::int64_t bobs_payment = OnlyItemId("payment", "/payments?orderId=" + bobs_id, bob);
  const std::int64_t bobs_delivery = OnlyItemId("delivery", "/deliveries?orderId=" + bobs_id, bob);
  EXPECT_GT(OnlyItemId("inventory", "/reservations?orderId=" + bobs_id, bob), 0);
  EXPECT_EQ(system_->Send("payment", "GET", "/payments/" + std::to_string(bobs_payment), {}, alice)
                .status,
            404);
  EXPECT_EQ(
      system_->Send("delivery", "GET", "/deliveries/" + std::to_string(bobs_delivery), {}, alice)
          .status,
      404);
  // ...and are Bob's own to read.
  EXPECT_EQ(
      system_->Send("payment", "GET", "/payments/" + std::to_string(bobs_payment), {}, bob).status,
      200);
  EXPECT_EQ(
      system_->Send("delivery", "GET", "/deliveries/" + std::to_string(bobs_delivery), {}, bob)
          .status,
      200);
  EXPECT_EQ(system_->Send("order", "GET", "/orders/" + bobs_id + "/saga", {}, bob).status, 200);

  // Alice's list is her own orders; asking for Bob's is refused.
  const http::Response listed = system_->Send("order", "GET", "/orders", {}, alice);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const boost::json::object own = Json(listed);
  const auto& items = own.at("items").as_array();
  ASSERT_EQ(items.size(), 1U) << listed.body;
  EXPECT_EQ(items.front().as_object().at("id").as_int64(), alices);
  const http::Response bobs_list = system_->Send("order", "GET", "/orders?userId=202", {}, alice);
  EXPECT_EQ(bobs_list.status, 403) << bobs_list.body;

  // An operator sees everyone's.
  EXPECT_EQ(system_->Send("order", "GET", "/orders/" + alices_id, {}, operator_).status, 200);
  EXPECT_EQ(system_->Send("order", "GET", "/orders/" + bobs_id, {}, operator_).status, 200);
  EXPECT_EQ(
      Json(system_->Send("order", "GET", "/orders", {}, operator_)).at("items").as_array().size(),
      2U);
  EXPECT_EQ(OnlyItemId("payment", "/payments?orderId=" + bobs_id, operator_), bobs_payment);
  EXPECT_EQ(system_->Verify(), 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, AuthorizationTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
