// Rate limits per token subject (docs/security.md, Rate limits), over HTTPS in embedded mode: a
// customer over its writes limit gets 429 with Retry-After and the RateLimit fields while another
// customer from the same address, and its own reads, go on; it is served again once it waited;
// the operator's token is limited per address only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "e2e/auth/token_issuer.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

class SubjectRateLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> flags = issuer_.SystemFlags();
    // One write a second with bursts of two: a handful of requests is over it.
    flags.push_back("--http-rate-limit-writes-per-subject=1");
    system_ = std::make_unique<SystemUnderTest>(Mode::kEmbedded, flags);
  }
  void TearDown() override { system_.reset(); }

  http::HttpClient::Headers TokenOf(const std::string& subject, const std::string& scope = "") {
    return issuer_.BearerFor(subject, scope);
  }

  http::Response PlaceOrder(std::int64_t user, const http::HttpClient::Headers& token) {
    return system_->Send(
        "order", "POST", "/orders",
        R"({"userId":)" + std::to_string(user) + R"(,"productId":1,"quantity":1,"amount":1000})",
        token);
  }

  static std::string HeaderOf(const http::Response& response, const std::string& name) {
    const auto value = response.Header(name);
    return value ? std::string(*value) : "";
  }

  TokenIssuer issuer_;
  std::unique_ptr<SystemUnderTest> system_;
};

TEST_F(SubjectRateLimitTest, ACustomerOverItsWriteLimitWaitsWhileOthersGoOn) {
  const auto alice = TokenOf("1001");
  // Twenty orders in a row take far less than the 18 s that would refill enough for all of them.
  std::optional<http::Response> refused;
  std::int64_t placed_order = 0;
  int placed = 0;
  for (int attempt = 0; attempt < 20 && !refused; ++attempt) {
    http::Response response = PlaceOrder(1001, alice);
    if (response.status == 429) {
      refused = std::move(response);
    } else {
      ASSERT_EQ(response.status, 201) << response.body;
      placed_order = boost::json::parse(response.body).at("orderId").as_int64();
      ++placed;
    }
  }
  ASSERT_TRUE(refused) << "twenty writes of one subject were never limited";
  EXPECT_GE(placed, 2) << "the burst is twice the rate";
  EXPECT_GE(std::stoi(HeaderOf(*refused, "retry-after")), 1);
  EXPECT_EQ(HeaderOf(*refused, "ratelimit-policy"), "\"writes-per-subject\";q=2;w=2");
  EXPECT_EQ(HeaderOf(*refused, "ratelimit").rfind("\"writes-per-subject\";r=0;t=", 0), 0U)
      << HeaderOf(*refused, "ratelimit");
  EXPECT_EQ(HeaderOf(*refused, "content-type"), "application/problem+json");
  EXPECT_NE(refused->body.find("subject 1001"), std::string::npos) << refused->body;
  EXPECT_NE(refused->body.find("--http-rate-limit-writes-per-subject"), std::string::npos)
      << refused->body;

  // Meanwhile another customer from the same address places its order, and the limited one
  // still reads its own: writes and reads are limited apart.
  EXPECT_EQ(PlaceOrder(1002, TokenOf("1002")).status, 201);
  EXPECT_EQ(
      system_->Send("order", "GET", "/orders/" + std::to_string(placed_order), {}, alice).status,
      200);

  // Having waited, the limited customer is served again.
  EXPECT_TRUE(Eventually([&] { return PlaceOrder(1001, alice).status == 201; },
                         std::chrono::seconds(30), std::chrono::milliseconds(500)));
}

TEST_F(SubjectRateLimitTest, TheOperatorsTokenIsLimitedPerAddressOnly) {
  const auto operator_token = TokenOf("ops-robot", "ops");
  for (int order = 0; order < 20; ++order) {
    const http::Response response = PlaceOrder(2000 + order, operator_token);
    ASSERT_EQ(response.status, 201) << "order " << order << ": " << response.body;
  }
}

}  // namespace
}  // namespace sagashop::testing
