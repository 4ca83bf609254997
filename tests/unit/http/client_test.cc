#include "platform/http/client.h"

#include <gtest/gtest.h>

#include "platform/http/server.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

TEST(HttpClientTest, SendsHeadersAndBody) {
  Router router;
  router.Add("PUT", "/inventory/{id}", [](const Request& request) {
    Response response;
    response.content_type = "text/plain";
    response.body = std::string(request.Header("idempotency-key").value_or("none")) + "|" +
                    std::string(request.Header("content-type").value_or("none")) + "|" +
                    request.body;
    return response;
  });
  Server server(testing::TestConfig(), std::move(router));
  server.Start();
  HttpClient client("127.0.0.1", server.Port());

  EXPECT_EQ(client.Send("PUT", "/inventory/1", R"({"a":1})", {{"Idempotency-Key", "k-1"}}).body,
            R"(k-1|application/json|{"a":1})");
  EXPECT_EQ(client.Send("PUT", "/inventory/1", "x", {{"Content-Type", "text/plain"}}).body,
            "none|text/plain|x");
}

TEST(HttpClientTest, ReconnectsOnceWhenAKeptAliveConnectionWentStale) {
  ServerConfig config = testing::TestConfig();
  auto first = std::make_unique<Server>(config, testing::TestRoutes());
  first->Start();
  config.port = first->Port();
  HttpClient client("127.0.0.1", config.port);
  ASSERT_EQ(client.Send("GET", "/orders/1").status, 200);

  // The server closes the idle connection as it stops; a new one takes over the port.
  first->Stop();
  Server second(config, testing::TestRoutes());
  second.Start();

  EXPECT_EQ(client.Send("GET", "/orders/2").status, 200);
  EXPECT_EQ(client.ConnectionsOpened(), 2u);
}

TEST(HttpClientTest, UnreachableServerIsARetryableError) {
  Server server(testing::TestConfig(), testing::TestRoutes());
  server.Start();
  const auto port = server.Port();
  server.Stop();

  HttpClient client("127.0.0.1", port);
  try {
    client.Send("GET", "/orders/1");
    FAIL() << "a stopped server answered";
  } catch (const HttpClientError& error) {
    EXPECT_TRUE(error.IsRetryable());
  }
}

}  // namespace
}  // namespace sagashop::http
