#include "platform/http/async_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "platform/http/server.h"
#include "support/eventually.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using sagashop::testing::Eventually;

// Holds the handlers of GET /held until opened, so a test controls when they answer.
class Gate {
 public:
  void WaitOpen() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    opened_changed_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_changed_.notify_all();
  }
  int Waiting() {
    std::lock_guard lock(mutex_);
    return waiting_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_changed_;
  bool open_ = false;
  int waiting_ = 0;
};

Router RoutesWithGate(Gate& gate) {
  Router router = testing::TestRoutes();
  router.Add("GET", "/held", [&gate](const Request&) {
    gate.WaitOpen();
    return JsonResponse(200, {{"route", "held"}});
  });
  return router;
}

AsyncClientConfig ConfigFor(const Server& server) {
  AsyncClientConfig config;
  config.port = server.Port();
  config.request_timeout = std::chrono::seconds(30);
  return config;
}

// What the callbacks of a test saw; filled on the client's thread, read on the test's.
struct Answers {
  std::mutex mutex;
  std::vector<AsyncResult> results;

  AsyncDone Collect() {
    return [this](AsyncResult result) {
      std::lock_guard lock(mutex);
      results.push_back(std::move(result));
    };
  }
  std::size_t Count() {
    std::lock_guard lock(mutex);
    return results.size();
  }
  std::vector<AsyncResult> Take() {
    std::lock_guard lock(mutex);
    return results;
  }
};

TEST(AsyncClientTest, FiveHundredRequestsInFlightAreAllAnsweredOverAFewConnections) {
  Server server(testing::TestConfig(), testing::TestRoutes());
  server.Start();
  AsyncClientConfig config = ConfigFor(server);
  config.max_connections = 8;
  AsyncHttpClient client(config);

  constexpr int kRequests = 500;
  std::mutex mutex;
  std::vector<std::string> bodies(kRequests);
  std::atomic<int> answered{0};
  for (int i = 0; i < kRequests; ++i) {
    client.Send({.method = "POST", .target = "/echo", .body = "request-" + std::to_string(i)},
                [&, i](AsyncResult result) {
                  std::lock_guard lock(mutex);
                  if (auto* response = std::get_if<Response>(&result)) {
                    bodies[i] = response->body;
                  } else {
                    bodies[i] = std::get<AsyncFailure>(result).reason;
                  }
                  ++answered;
                });
  }
  ASSERT_TRUE(Eventually([&] { return answered.load() == kRequests; }));
  std::lock_guard lock(mutex);
  // Each answer reached the caller of its own request.
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(bodies[i], "request-" + std::to_string(i));
  EXPECT_LE(client.GetStats().connections_opened, 8u);
  EXPECT_EQ(client.GetStats().queued, 0);
}

TEST(AsyncClientTest, ARequestFindingTheQueueFullFailsAtOnceAndTheQueuedOnesRunLater) {
  Gate gate;
  Server server(testing::TestConfig(), RoutesWithGate(gate));
  server.Start();
  AsyncClientConfig config = ConfigFor(server);
  config.max_connections = 1;
  config.max_queued = 1;
  AsyncHttpClient client(config);
  Answers answers;

  client.Send({.method = "GET", .target = "/held"}, answers.Collect());  // takes the connection
  ASSERT_TRUE(Eventually([&] { return gate.Waiting() == 1; }));
  client.Send({.method = "GET", .target = "/held"}, answers.Collect());  // queued
  ASSERT_TRUE(Eventually([&] { return client.GetStats().queued == 1; }));
  client.Send({.method = "GET", .target = "/held"}, answers.Collect());  // no room

  ASSERT_TRUE(Eventually([&] { return answers.Count() == 1; }));
  const AsyncResult refused = answers.Take().at(0);
  ASSERT_TRUE(std::holds_alternative<AsyncFailure>(refused));
  EXPECT_NE(std::get<AsyncFailure>(refused).reason.find("queued"), std::string::npos);

  gate.Open();
  ASSERT_TRUE(Eventually([&] { return answers.Count() == 3; }));
  const std::vector<AsyncResult> results = answers.Take();
  for (std::size_t i = 1; i < results.size(); ++i) {  // after the refused one
    ASSERT_TRUE(std::holds_alternative<Response>(results[i]));
    EXPECT_EQ(std::get<Response>(results[i]).status, 200);
  }
  EXPECT_EQ(client.GetStats().connections_opened, 1u);
}

TEST(AsyncClientTest, ARequestPastItsTimeoutFailsAsTimedOutAndTheClientGoesOn) {
  Gate gate;
  Server server(testing::TestConfig(), RoutesWithGate(gate));
  server.Start();
  AsyncClientConfig config = ConfigFor(server);
  config.request_timeout = std::chrono::milliseconds(200);
  AsyncHttpClient client(config);
  Answers answers;

  client.Send({.method = "GET", .target = "/held"}, answers.Collect());
  ASSERT_TRUE(Eventually([&] { return answers.Count() == 1; }));
  const AsyncResult result = answers.Take().at(0);
  ASSERT_TRUE(std::holds_alternative<AsyncFailure>(result));
  EXPECT_TRUE(std::get<AsyncFailure>(result).timed_out) << std::get<AsyncFailure>(result).reason;
  gate.Open();

  client.Send({.method = "GET", .target = "/orders/7"}, answers.Collect());
  ASSERT_TRUE(Eventually([&] { return answers.Count() == 2; }));
  const AsyncResult next = answers.Take().at(1);
  ASSERT_TRUE(std::holds_alternative<Response>(next)) << std::get<AsyncFailure>(next).reason;
  EXPECT_EQ(std::get<Response>(next).status, 200);
}

TEST(AsyncClientTest, NoServerListeningFailsTheRequestWithoutTimingOut) {
  std::uint16_t port = 0;
  {
    Server server(testing::TestConfig(), testing::TestRoutes());
    server.Start();
    port = server.Port();
  }
  AsyncClientConfig config;
  config.port = port;
  AsyncHttpClient client(config);
  Answers answers;
  client.Send({.method = "GET", .target = "/orders"}, answers.Collect());
  ASSERT_TRUE(Eventually([&] { return answers.Count() == 1; }));
  const AsyncResult result = answers.Take().at(0);
  ASSERT_TRUE(std::holds_alternative<AsyncFailure>(result));
  EXPECT_FALSE(std::get<AsyncFailure>(result).timed_out);
  EXPECT_NE(std::get<AsyncFailure>(result).reason.find("connect"), std::string::npos)
      << std::get<AsyncFailure>(result).reason;
}

TEST(AsyncClientTest, DestroyingTheClientAnswersEveryRequestStillInFlightOrQueued) {
  Gate gate;
  Server server(testing::TestConfig(), RoutesWithGate(gate));
  server.Start();
  Answers answers;
  {
    AsyncClientConfig config = ConfigFor(server);
    config.max_connections = 2;
    AsyncHttpClient client(config);
    for (int i = 0; i < 5; ++i)
      client.Send({.method = "GET", .target = "/held"}, answers.Collect());
    ASSERT_TRUE(Eventually([&] { return gate.Waiting() == 2 && client.GetStats().queued == 3; }));
  }
  EXPECT_EQ(answers.Count(), 5u);
  for (const AsyncResult& result : answers.Take()) {
    EXPECT_TRUE(std::holds_alternative<AsyncFailure>(result));
  }
  gate.Open();
}

TEST(AsyncClientConfigTest, RejectsAMissingPortAndAnEmptyPool) {
  AsyncClientConfig config;
  EXPECT_THROW(config.Validate(), std::invalid_argument);  // port 0
  config.port = 8010;
  EXPECT_NO_THROW(config.Validate());
  config.max_connections = 0;
  EXPECT_THROW(config.Validate(), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::http
