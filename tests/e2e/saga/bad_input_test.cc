#include <boost/json/parse.hpp>

#include "e2e/saga/saga_test_fixture.h"

namespace sagashop::testing {
namespace {

// A 4xx problem+json whose invalid-params (when a field is at fault) names `field`.
void ExpectProblem(const http::Response& response, int status, const std::string& field = "") {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json") << response.body;
  const auto problem = boost::json::parse(response.body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), status);
  EXPECT_FALSE(problem.at("title").as_string().empty());
  if (!field.empty()) {
    ASSERT_TRUE(problem.contains("invalid-params")) << response.body;
    EXPECT_EQ(problem.at("invalid-params").as_array().at(0).at("name").as_string(), field)
        << response.body;
  }
}

TEST_P(SagaTest, BadInputGetsAProblemNamingTheFieldAndWritesNothing) {
  auto post = [&](std::string_view body) {
    return system_->Send("order", "POST", "/orders", body);
  };

  ExpectProblem(post("{\"userId\": 1, "), 400, "body");
  ExpectProblem(post("[1, 2, 3]"), 400, "body");
  ExpectProblem(post(R"({"userId":"1001","productId":1,"quantity":1,"amount":1})"), 400, "userId");
  ExpectProblem(post(R"({"userId":1001,"quantity":1,"amount":1})"), 400, "productId");
  ExpectProblem(post(R"({"userId":1001,"productId":1,"quantity":0,"amount":1})"), 400, "quantity");
  ExpectProblem(post(R"({"userId":1001,"productId":1,"quantity":1,"amount":1000000000001})"), 400,
                "amount");
  ExpectProblem(post(R"({"userId":1001,"productId":1,"quantity":1,"amount":5,"address":""})"), 400,
                "address");
  ExpectProblem(post(std::string(70 * 1024, ' ')), 413);

  ExpectProblem(system_->Send("order", "GET", "/orders/987654321"), 404);
  ExpectProblem(system_->Send("order", "GET", "/orders/abc"), 400, "id");
  ExpectProblem(system_->Send("order", "GET", "/orders/1/saga"), 404);
  ExpectProblem(system_->Send("order", "GET", "/orders?limit=0"), 400, "limit");
  ExpectProblem(system_->Send("order", "GET", "/orders?status=LOST"), 400, "status");
  ExpectProblem(system_->Send("order", "GET", "/orders?since=yesterday"), 400, "since");
  ExpectProblem(system_->Send("order", "GET", "/orders?until=2026-12-03T10:00:00%2B09:00"), 400,
                "until");
  ExpectProblem(system_->Send("order", "DELETE", "/orders/1"), 405);
  ExpectProblem(system_->Send("payment", "GET", "/payments"), 400, "orderId");
  ExpectProblem(system_->Send("payment", "GET", "/payments/42"), 404);
  ExpectProblem(system_->Send("inventory", "PUT", "/inventory/1",
                              R"({"productName":"x","availableQuantity":-1})"),
                400, "availableQuantity");
  ExpectProblem(system_->Send("inventory", "PUT", "/inventory/0",
                              R"({"productName":"x","availableQuantity":1})"),
                400, "productId");
  ExpectProblem(system_->Send("inventory", "GET", "/inventory/77"), 404);
  ExpectProblem(system_->Send("delivery", "GET", "/deliveries/5"), 404);

  // Nothing was written.
  EXPECT_TRUE(system_->GetJson("order", "/orders").at("items").as_array().empty());
  EXPECT_EQ(system_->Send("inventory", "GET", "/inventory/1").status, 404);
}

}  // namespace
}  // namespace sagashop::testing
