#include "api/openapi_document.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>
#include <string>

namespace sagashop::api {
namespace {

const std::set<std::string> kTags = {"order", "payment", "inventory", "delivery", "operations"};

std::set<std::string> Paths(const boost::json::object& document) {
  std::set<std::string> paths;
  for (const auto& [path, item] : document.at("paths").as_object()) paths.emplace(path);
  return paths;
}

TEST(OpenApiDocumentTest, TheBuiltInDocumentIsOpenApi31AndEveryOperationHasOneServiceTag) {
  const boost::json::value document = boost::json::parse(OpenApiText());
  ASSERT_TRUE(document.is_object());
  EXPECT_EQ(document.at("openapi").as_string().subview().substr(0, 4), "3.1.");
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (!operation.is_object() || !operation.as_object().contains("operationId")) continue;
      const boost::json::array& tags = operation.at("tags").as_array();
      ASSERT_EQ(tags.size(), 1U) << method << " " << path;
      EXPECT_TRUE(kTags.contains(std::string(tags.front().as_string()))) << method << " " << path;
    }
  }
}

TEST(OpenApiDocumentTest, EachServiceServesItsOwnOperationsAndTheCommonOnes) {
  const boost::json::object order = OpenApiFor("order");
  const boost::json::object payment = OpenApiFor("payment");
  EXPECT_TRUE(Paths(order).contains("/orders"));
  EXPECT_FALSE(Paths(order).contains("/payments"));
  EXPECT_TRUE(Paths(payment).contains("/payments"));
  EXPECT_FALSE(Paths(payment).contains("/orders"));
  for (const auto* document : {&order, &payment}) {
    EXPECT_TRUE(Paths(*document).contains("/health"));
    EXPECT_TRUE(Paths(*document).contains("/openapi.json"));
    // Served by the service itself, the document names it as its server, for every path.
    EXPECT_EQ(document->at("servers").as_array().at(0).at("url").as_string(), "/");
    for (const auto& [path, item] : document->at("paths").as_object()) {
      EXPECT_FALSE(item.as_object().contains("servers")) << path;
      for (const auto& [method, operation] : item.as_object()) {
        if (operation.is_object()) {
          EXPECT_FALSE(operation.as_object().contains("servers")) << path;
        }
      }
    }
  }
}

TEST(OpenApiDocumentTest, AnOperationNeedsATokenUnlessItsOwnSecurityIsEmpty) {
  const boost::json::object document = boost::json::parse(R"({
    "openapi": "3.1.0",
    "security": [{"bearer": []}],
    "paths": {
      "/orders": {"get": {}, "post": {"security": [{"bearer": ["orders:write"]}]}},
      "/health": {"get": {"security": []}, "parameters": []},
      "/maybe": {"get": {"security": [{}]}}
    }
  })")
                                           .as_object();
  std::set<std::string> secured;
  std::set<std::string> open;
  for (const http::Endpoint& endpoint : DocumentedEndpoints(document)) {
    (endpoint.authenticated ? secured : open).insert(endpoint.method + " " + endpoint.pattern);
  }
  EXPECT_EQ(secured, (std::set<std::string>{"GET /orders", "POST /orders"}));
  EXPECT_EQ(open, (std::set<std::string>{"GET /health", "GET /maybe"}));
}

}  // namespace
}  // namespace sagashop::api
