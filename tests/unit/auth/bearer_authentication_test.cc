// Bearer authentication on a real HTTP server over loopback: routes that require it answer 401
// with WWW-Authenticate (RFC 6750) and a problem to a request without a valid token, and hand the
// token's subject and scopes to the handler otherwise; routes added afterwards stay open.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "platform/auth/bearer_authenticator.h"
#include "platform/auth/jwt_signer.h"
#include "platform/auth/key_set.h"
#include "platform/http/client.h"
#include "platform/http/json_response.h"
#include "platform/http/server.h"

namespace sagashop::auth {
namespace {

using ::testing::HasSubstr;

std::int64_t SecondsFromNow(std::chrono::seconds offset) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             (std::chrono::system_clock::now() + offset).time_since_epoch())
      .count();
}

class BearerAuthenticationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const EcKeyPairPem pair = GenerateEcKeyPairPem();
    signer_ = std::make_unique<JwtSigner>(pair.private_pem);
    auto verifier = std::make_shared<const JwtVerifier>(
        KeySet::FromPem(pair.public_pem),
        JwtPolicy{.issuer = "https://id.example", .audience = "sagashop"});

    http::Router router;
    router.Add("GET", "/whoami", [](const http::Request& request) {
      boost::json::array scopes;
      for (const std::string& scope : request.principal->scopes) scopes.emplace_back(scope);
      return http::JsonResponse(
          200, {{"subject", request.principal->subject}, {"scopes", std::move(scopes)}});
    });
    router.RequireAuthentication(BearerAuthenticator(verifier));
    router.Add("GET", "/health", [](const http::Request& request) {
      return http::JsonResponse(200, {{"authenticated", request.principal.has_value()}});
    });
    http::ServerConfig config;
    server_.emplace(config, std::move(router));
    server_->Start();
    client_.emplace("127.0.0.1", server_->Port());
  }

  std::string Token(boost::json::object claims) const {
    boost::json::object full{{"iss", "https://id.example"},
                             {"aud", "sagashop"},
                             {"sub", "user-7"},
                             {"scope", "orders:read orders:write"},
                             {"exp", SecondsFromNow(std::chrono::minutes(5))}};
    for (auto& [key, value] : claims) full[key] = value;
    return signer_->Sign(full);
  }

  http::Response WhoAmI(const std::string& authorization) {
    http::HttpClient::Headers headers;
    if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
    return client_->Send("GET", "/whoami", {}, headers);
  }

  std::unique_ptr<JwtSigner> signer_;
  std::optional<http::Server> server_;
  std::optional<http::HttpClient> client_;
};

TEST_F(BearerAuthenticationTest, AValidTokenReachesTheHandlerWithItsSubjectAndScopes) {
  const http::Response response = WhoAmI("Bearer " + Token({}));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("subject").as_string(), "user-7");
  EXPECT_EQ(body.at("scopes").as_array().size(), 2u);
  EXPECT_EQ(WhoAmI("bearer   " + Token({})).status, 200) << "the scheme is case-insensitive";
}

TEST_F(BearerAuthenticationTest, NoTokenIs401WithAChallengeAndNoErrorCode) {
  for (const std::string authorization : {"", "Basic dXNlcjpwYXNz", "Bearer", "Bearer "}) {
    const http::Response response = WhoAmI(authorization);
    EXPECT_EQ(response.status, 401) << authorization;
    EXPECT_EQ(std::string(response.Header("WWW-Authenticate").value_or("")),
              "Bearer realm=\"sagashop\"");
    EXPECT_EQ(std::string(response.Header("Content-Type").value_or("")),
              "application/problem+json");
  }
}

TEST_F(BearerAuthenticationTest, ARefusedTokenIs401InvalidTokenNamingTheReasonButNotTheToken) {
  const struct {
    std::string token;
    std::string reason;
  } cases[] = {
      {Token({{"exp", SecondsFromNow(-std::chrono::minutes(5))}}), "expired"},
      {Token({{"nbf", SecondsFromNow(std::chrono::minutes(5))}}), "not_yet_valid"},
      {Token({{"iss", "https://evil.example"}}), "wrong_issuer"},
      {Token({{"aud", "another-api"}}), "wrong_audience"},
      {"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTcifQ.", "unsupported_algorithm"},
      {"not-a-token", "malformed"},
  };
  for (const auto& c : cases) {
    const http::Response response = WhoAmI("Bearer " + c.token);
    EXPECT_EQ(response.status, 401) << c.reason;
    EXPECT_EQ(std::string(response.Header("WWW-Authenticate").value_or("")),
              "Bearer realm=\"sagashop\", error=\"invalid_token\", error_description=\"" +
                  c.reason + "\"");
    EXPECT_THAT(response.body, HasSubstr(c.reason));
    EXPECT_EQ(response.body.find(c.token), std::string::npos) << "the token is not echoed";
  }
}

TEST_F(BearerAuthenticationTest, RoutesAddedAfterTheRequirementStayOpen) {
  const http::Response response = client_->Send("GET", "/health");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(boost::json::parse(response.body).as_object().at("authenticated").as_bool(), false);
}

}  // namespace
}  // namespace sagashop::auth
