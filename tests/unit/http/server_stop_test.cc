#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "platform/http/client.h"
#include "platform/http/json_response.h"
#include "platform/http/server.h"
#include "support/eventually.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using std::chrono::seconds;

// A handler that reports it has started and then waits to be released. The destructor releases
// it, so a failing test cannot leave a worker blocked forever.
class SlowHandler {
 public:
  ~SlowHandler() { Release(); }

  Handler AsHandler() {
    return [this](const Request&) {
      entered_.set_value();
      released_.wait();
      return JsonResponse(200, {{"slow", true}});
    };
  }
  bool WaitUntilEntered() {
    return entered_future_.wait_for(seconds(10)) == std::future_status::ready;
  }
  void Release() {
    if (!released_once_.exchange(true)) release_.set_value();
  }

 private:
  std::promise<void> entered_;
  std::future<void> entered_future_ = entered_.get_future();
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::atomic<bool> released_once_{false};
};

TEST(ServerStopTest, InFlightRequestIsAnsweredAndNewConnectionsAreRefused) {
  SlowHandler slow;
  Router router = testing::TestRoutes();
  router.Add("GET", "/slow", slow.AsHandler());
  Server server(testing::TestConfig(), std::move(router));
  server.Start();
  const auto port = server.Port();

  auto in_flight = std::async(std::launch::async, [port] {
    HttpClient client("127.0.0.1", port);
    return client.Send("GET", "/slow");
  });
  ASSERT_TRUE(slow.WaitUntilEntered());

  auto stopped = std::async(std::launch::async, [&server] { server.Stop(); });
  EXPECT_TRUE(sagashop::testing::Eventually([port] { return !testing::CanConnect(port); }));
  // Stop() is waiting for the request in flight.
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

  slow.Release();
  ASSERT_EQ(in_flight.wait_for(seconds(10)), std::future_status::ready);
  const Response response = in_flight.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"slow":true})");
  EXPECT_EQ(response.Header("connection"), "close");

  ASSERT_EQ(stopped.wait_for(seconds(10)), std::future_status::ready);
  EXPECT_FALSE(testing::CanConnect(port));
}

TEST(ServerStopTest, IdleKeepAliveConnectionDoesNotHoldStopUp) {
  ServerConfig config = testing::TestConfig();
  config.read_timeout = seconds(60);
  config.shutdown_timeout = seconds(60);
  Server server(config, testing::TestRoutes());
  server.Start();
  HttpClient client("127.0.0.1", server.Port());
  ASSERT_EQ(client.Send("GET", "/orders/1").status, 200);  // leaves the connection open and idle

  auto stopped = std::async(std::launch::async, [&server] { server.Stop(); });
  // Well inside both timeouts: Stop() closed the idle connection instead of waiting it out.
  ASSERT_EQ(stopped.wait_for(seconds(20)), std::future_status::ready);

  try {
    client.Send("GET", "/orders/1");
    FAIL() << "a stopped server answered";
  } catch (const HttpClientError& error) {
    EXPECT_TRUE(error.IsRetryable()) << error.what();
  }
}

TEST(ServerStopTest, StopIsIdempotentAndSafeBeforeStart) {
  Server never_started(testing::TestConfig(), testing::TestRoutes());
  never_started.Stop();

  Server server(testing::TestConfig(), testing::TestRoutes());
  server.Start();
  const auto port = server.Port();
  server.Stop();
  server.Stop();
  EXPECT_FALSE(testing::CanConnect(port));
  EXPECT_THROW(server.Start(), std::logic_error);
}

}  // namespace
}  // namespace sagashop::http
