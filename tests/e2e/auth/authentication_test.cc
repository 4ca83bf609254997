// The whole system started with --auth-keys and --auth-issuer, over HTTP as clients would use it:
// every API route of every service refuses a request without a valid bearer token with 401, the
// probes stay open, and a customer with a token places an order that completes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "e2e/auth/token_issuer.h"
#include "e2e/support/system_under_test.h"
#include "platform/auth/jwt_signer.h"
#include "support/auth/test_keys.h"
#include "support/auth/test_tokens.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

class AuthenticationTest : public ::testing::TestWithParam<Mode> {
 protected:
  static void SetUpTestSuite() { issuer_ = new TokenIssuer(); }
  static void TearDownTestSuite() { delete issuer_; }

  void SetUp() override {
    system_ = std::make_unique<SystemUnderTest>(GetParam(), issuer_->SystemFlags());
  }

  static std::string Bearer(const std::string& subject, std::chrono::seconds lifetime) {
    boost::json::object claims = TokenIssuer::Claims(subject, lifetime);
    claims["scope"] = "orders inventory:write";
    return "Bearer " + issuer_->Sign(claims);
  }

  // Claims that pass every check, for a token to spoil one thing of.
  static boost::json::object GoodClaims() {
    return TokenIssuer::Claims("7", std::chrono::minutes(5));
  }

  static http::HttpClient::Headers With(const std::string& authorization) {
    return {{"Authorization", authorization}};
  }

  static inline TokenIssuer* issuer_ = nullptr;
  std::unique_ptr<SystemUnderTest> system_;
};

TEST_P(AuthenticationTest, EveryApiRouteRefusesARequestWithoutAValidTokenAndProbesStayOpen) {
  const struct {
    const char* service;
    const char* method;
    const char* target;
  } routes[] = {{"order", "POST", "/orders"},
                {"order", "GET", "/orders/1"},
                {"order", "GET", "/sagas"},
                {"payment", "GET", "/payments?orderId=1"},
                {"inventory", "PUT", "/inventory/1"},
                {"inventory", "GET", "/reservations?orderId=1"},
                {"delivery", "GET", "/deliveries?orderId=1"}};
  const std::string expired = Bearer("7", -std::chrono::minutes(5));
  for (const auto& route : routes) {
    const http::Response none = system_->Send(route.service, route.method, route.target, "{}");
    EXPECT_EQ(none.status, 401) << route.method << " " << route.target;
    EXPECT_EQ(std::string(none.Header("WWW-Authenticate").value_or("")),
              "Bearer realm=\"sagashop\"");
    const http::Response old =
        system_->Send(route.service, route.method, route.target, "{}", With(expired));
    EXPECT_EQ(old.status, 401) << route.method << " " << route.target;
    EXPECT_NE(
        std::string(old.Header("WWW-Authenticate").value_or("")).find("error=\"invalid_token\""),
        std::string::npos);
  }
  for (const std::string& service : SystemUnderTest::Services()) {
    EXPECT_EQ(system_->Send(service, "GET", "/health").status, 200) << service;
    EXPECT_EQ(system_->Send(service, "GET", "/metrics").status, 200) << service;
  }
}

TEST_P(AuthenticationTest, EveryKindOfBadTokenIsRefusedWith401) {
  using auth::testing::Assemble;
  using auth::testing::Part;
  boost::json::object not_yet_valid = GoodClaims();
  not_yet_valid["nbf"] = TokenIssuer::SecondsFromNow(std::chrono::minutes(10));
  boost::json::object other_issuer = GoodClaims();
  other_issuer["iss"] = "https://id.elsewhere.test";
  boost::json::object other_audience = GoodClaims();
  other_audience["aud"] = "another-api";
  boost::json::object no_expiry = GoodClaims();
  no_expiry.erase("exp");
  const auth::JwtSigner stranger(auth::GenerateEcKeyPairPem().private_pem);
  const auth::EvpPkey rsa = auth::testing::NewRsaKey();
  const auth::EvpPkey p256 = auth::testing::NewP256Key();
  const std::string public_pem = issuer_->Signer().PublicPem();

  const struct {
    const char* what;
    std::string token;
  } tokens[] = {
      {"not yet valid", issuer_->Sign(not_yet_valid)},
      {"expired", issuer_->Sign([] {
         boost::json::object claims = GoodClaims();
         claims["exp"] = TokenIssuer::SecondsFromNow(-std::chrono::minutes(5));
         return claims;
       }())},
      {"without expiry", issuer_->Sign(no_expiry)},
      {"another issuer", issuer_->Sign(other_issuer)},
      {"another audience", issuer_->Sign(other_audience)},
      {"signed by another key", stranger.Sign(GoodClaims())},
      {"unknown kid", auth::testing::SignEs256({{"alg", "ES256"}, {"kid", "no-such-key"}},
                                               GoodClaims(), p256.get())},
      {"alg none", Assemble(Part({{"alg", "none"}, {"typ", "JWT"}}), Part(GoodClaims()), "")},
      {"HS256 keyed with the public key",
       auth::testing::SignHs256({{"alg", "HS256"}, {"kid", issuer_->Signer().Kid()}}, GoodClaims(),
                                public_pem)},
      {"RS256 under the system's kid",
       auth::testing::SignRs256({{"alg", "RS256"}, {"kid", issuer_->Signer().Kid()}}, GoodClaims(),
                                rsa.get())},
      {"not a JWT", "abc.def"},
  };
  for (const auto& bad : tokens) {
    const http::Response response =
        system_->Send("order", "GET", "/orders/1", {}, With("Bearer " + bad.token));
    EXPECT_EQ(response.status, 401) << bad.what << ": " << response.body;
    EXPECT_EQ(std::string(response.Header("Content-Type").value_or("")), "application/problem+json")
        << bad.what;
  }
  // The same claims, well signed, pass: each token above failed for its one fault.
  EXPECT_EQ(
      system_->Send("order", "GET", "/orders/1", {}, With("Bearer " + issuer_->Sign(GoodClaims())))
          .status,
      404);
}

TEST_P(AuthenticationTest, ACustomerWithATokenPlacesAnOrderThatCompletes) {
  const auto token = With(Bearer("7", std::chrono::minutes(5)));
  ASSERT_EQ(system_
                ->Send("inventory", "PUT", "/inventory/1",
                       R"({"productName":"lamp","availableQuantity":10})", token)
                .status,
            201);
  const http::Response created =
      system_->Send("order", "POST", "/orders",
                    R"({"userId":7,"productId":1,"quantity":1,"amount":1000})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto order_id = boost::json::parse(created.body).as_object().at("orderId").as_int64();
  EXPECT_TRUE(Eventually(
      [&] {
        const http::Response order =
            system_->Send("order", "GET", "/orders/" + std::to_string(order_id), {}, token);
        return order.status == 200 &&
               boost::json::parse(order.body).as_object().at("status").as_string() == "COMPLETED";
      },
      std::chrono::seconds(60)));
  EXPECT_EQ(system_->Verify(), 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, AuthenticationTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
