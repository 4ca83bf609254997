#include "platform/http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sagashop::http {
namespace {

Handler Answer(int status) {
  return [status](const Request&) {
    Response response;
    response.status = status;
    return response;
  };
}

int Call(const RouteMatch& match) {
  return (*match.handler)(Request{}).status;
}

TEST(RouterTest, CapturesPlaceholdersInOrder) {
  Router router;
  router.Add("GET", "/orders/{id}/steps/{step}", Answer(200));
  const RouteMatch match = router.Match("GET", "/orders/42/steps/7");
  ASSERT_TRUE(match.Found());
  EXPECT_EQ(match.pattern, "/orders/{id}/steps/{step}");
  EXPECT_EQ(match.path_params, (std::vector<std::string>{"42", "7"}));
}

TEST(RouterTest, ListsEveryEndpointAndWhetherItNeedsAuthentication) {
  Router router;
  router.Add("GET", "/orders/{id}", Answer(200));
  router.Add("POST", "/orders", Answer(201));
  router.Add("GET", "/orders", Answer(200));
  router.RequireAuthentication([](const Request&) { return Principal{}; });
  router.Add("GET", "/health", Answer(200));
  const std::vector<Endpoint> endpoints = router.Endpoints();
  ASSERT_EQ(endpoints.size(), 4U);
  const auto find = [&](const std::string& method, const std::string& pattern) {
    for (const Endpoint& endpoint : endpoints) {
      if (endpoint.method == method && endpoint.pattern == pattern) return &endpoint;
    }
    return static_cast<const Endpoint*>(nullptr);
  };
  for (const auto& [method, pattern] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/orders/{id}"}, {"POST", "/orders"}, {"GET", "/orders"}}) {
    ASSERT_NE(find(method, pattern), nullptr) << method << " " << pattern;
    EXPECT_TRUE(find(method, pattern)->authenticated) << method << " " << pattern;
  }
  ASSERT_NE(find("GET", "/health"), nullptr);
  EXPECT_FALSE(find("GET", "/health")->authenticated) << "added after RequireAuthentication";
}

TEST(RouterTest, UnknownPathMatchesNothing) {
  Router router;
  router.Add("GET", "/orders/{id}", Answer(200));
  for (const char* path : {"/orders", "/orders/1/saga", "/payments/1", "/", "/orders/"}) {
    const RouteMatch match = router.Match("GET", path);
    EXPECT_FALSE(match.Found()) << path;
    EXPECT_FALSE(match.PathKnown()) << path;
  }
}

TEST(RouterTest, PlaceholderNeverMatchesAnEmptySegment) {
  Router router;
  router.Add("GET", "/orders/{id}/saga", Answer(200));
  EXPECT_FALSE(router.Match("GET", "/orders//saga").PathKnown());
}

TEST(RouterTest, KnownPathWithOtherMethodListsTheAllowedOnes) {
  Router router;
  router.Add("GET", "/orders/{id}", Answer(200));
  router.Add("DELETE", "/orders/{id}", Answer(204));
  const RouteMatch match = router.Match("POST", "/orders/1");
  EXPECT_FALSE(match.Found());
  EXPECT_TRUE(match.PathKnown());
  EXPECT_EQ(match.pattern, "/orders/{id}");
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"DELETE", "GET"}));
}

TEST(RouterTest, LiteralSegmentBeatsPlaceholderWhateverTheOrderOfAdding) {
  Router router;
  router.Add("GET", "/orders/{id}", Answer(201));
  router.Add("GET", "/orders/search", Answer(202));
  router.Add("GET", "/{kind}/search", Answer(203));
  EXPECT_EQ(Call(router.Match("GET", "/orders/search")), 202);
  EXPECT_EQ(Call(router.Match("GET", "/orders/5")), 201);
  EXPECT_EQ(Call(router.Match("GET", "/payments/search")), 203);
  EXPECT_TRUE(router.Match("GET", "/orders/search").path_params.empty());
}

TEST(RouterTest, FallsBackToALessSpecificRouteThatHasTheMethod) {
  Router router;
  router.Add("GET", "/orders/search", Answer(200));
  router.Add("DELETE", "/orders/{id}", Answer(204));
  const RouteMatch match = router.Match("DELETE", "/orders/search");
  ASSERT_TRUE(match.Found());
  EXPECT_EQ(match.pattern, "/orders/{id}");
  EXPECT_EQ(match.path_params, (std::vector<std::string>{"search"}));
}

TEST(RouterTest, RestPlaceholderCapturesTheRestOfThePathWithItsSlashes) {
  Router router;
  router.Add("GET", "/api/{service}/{path...}", Answer(200));
  const RouteMatch match = router.Match("GET", "/api/order/orders/7/saga");
  ASSERT_TRUE(match.Found());
  EXPECT_EQ(match.path_params, (std::vector<std::string>{"order", "orders/7/saga"}));
  EXPECT_EQ(router.Match("GET", "/api/order/orders").path_params,
            (std::vector<std::string>{"order", "orders"}));
  // The rest is one segment at least, and never begins empty.
  EXPECT_FALSE(router.Match("GET", "/api/order").Found());
  EXPECT_FALSE(router.Match("GET", "/api/order/").Found());
  EXPECT_FALSE(router.Match("GET", "/api/order//orders").Found());
}

TEST(RouterTest, OneSegmentPlaceholderBeatsARestPlaceholder) {
  Router router;
  router.Add("GET", "/files/{path...}", Answer(200));
  router.Add("GET", "/files/{name}", Answer(201));
  router.Add("GET", "/files/index", Answer(202));
  EXPECT_EQ(Call(router.Match("GET", "/files/index")), 202);
  EXPECT_EQ(Call(router.Match("GET", "/files/a")), 201);
  EXPECT_EQ(Call(router.Match("GET", "/files/a/b")), 200);
}

TEST(RouterTest, RestPlaceholderMustBeTheLastSegment) {
  Router router;
  EXPECT_THROW(router.Add("GET", "/files/{path...}/more", Answer(200)), std::invalid_argument);
}

TEST(RouterTest, RejectsMalformedPatternsAndDuplicates) {
  Router router;
  router.Add("GET", "/orders/{id}", Answer(200));
  EXPECT_THROW(router.Add("GET", "/orders/{id}", Answer(200)), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "orders", Answer(200)), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/orders/{}", Answer(200)), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/orders/x{id}", Answer(200)), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/orders/{id", Answer(200)), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/x", Handler{}), std::invalid_argument);
  EXPECT_THROW(router.Add("", "/x", Answer(200)), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::http
