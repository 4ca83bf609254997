#include "services/order/created_order_response.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sagashop::order {
namespace {

TEST(CreatedOrderResponseTest, ARetryGetsTheOriginalStatusHeadersAndBody) {
  const http::Response original = CreatedOrderResponse(42, "saga-42", /*replayed=*/false);
  const http::Response replayed = CreatedOrderResponse(42, "saga-42", /*replayed=*/true);
  EXPECT_EQ(original.status, 201);
  EXPECT_EQ(replayed.status, original.status);
  EXPECT_EQ(replayed.body, original.body);
  EXPECT_EQ(replayed.content_type, original.content_type);
  EXPECT_EQ(original.Header("Location"), "/orders/42");
  EXPECT_EQ(replayed.Header("Location"), original.Header("Location"));
  EXPECT_EQ(original.Header("Idempotent-Replayed"), std::nullopt);
  EXPECT_EQ(replayed.Header("Idempotent-Replayed"), "true");

  const auto body = boost::json::parse(original.body).as_object();
  EXPECT_EQ(body.at("orderId").as_int64(), 42);
  EXPECT_EQ(body.at("status").as_string(), "PENDING");
  EXPECT_EQ(body.at("sagaId").as_string(), "saga-42");
}

}  // namespace
}  // namespace sagashop::order
