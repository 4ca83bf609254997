#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/http/client.h"
#include "platform/http/server.h"
#include "support/eventually.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using sagashop::testing::Eventually;

// The responders of requests that are waiting, as a timer or another service would hold them.
class Parked {
 public:
  void Park(Responder respond) {
    std::lock_guard lock(mutex_);
    responders_.push_back(std::move(respond));
  }
  std::size_t Count() {
    std::lock_guard lock(mutex_);
    return responders_.size();
  }
  // Answers every parked request from this (the test's) thread.
  void AnswerAll(int status) {
    std::vector<Responder> responders;
    {
      std::lock_guard lock(mutex_);
      responders.swap(responders_);
    }
    for (Responder& respond : responders) respond(JsonResponse(status, {{"answered", "later"}}));
  }

 private:
  std::mutex mutex_;
  std::vector<Responder> responders_;
};

TEST(ServerDeferredTest, ManyRequestsWaitForTheirAnswerWithoutHoldingTheOnlyWorker) {
  Parked parked;
  Router router = testing::TestRoutes();
  router.AddDeferred("GET", "/later",
                     [&parked](const Request&, Responder respond) { parked.Park(respond); });
  ServerConfig config = testing::TestConfig();
  config.worker_threads = 1;
  Server server(config, std::move(router));
  server.Start();

  constexpr int kClients = 20;
  std::vector<int> statuses(kClients, 0);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      HttpClient client("127.0.0.1", server.Port());
      statuses[i] = client.Send("GET", "/later").status;
    });
  }
  // All twenty are in flight at once on one worker: none of them holds it while it waits.
  ASSERT_TRUE(Eventually([&] { return parked.Count() == kClients; }));
  EXPECT_EQ(server.InFlight(), kClients);
  HttpClient meanwhile("127.0.0.1", server.Port());
  EXPECT_EQ(meanwhile.Send("GET", "/orders/1").status, 200);

  parked.AnswerAll(202);
  for (auto& client : clients) client.join();
  for (const int status : statuses) EXPECT_EQ(status, 202);
  EXPECT_TRUE(Eventually([&] { return server.InFlight() == 0; }));
}

TEST(ServerDeferredTest, WhatADeferredHandlerThrowsBeforeAnsweringBecomesTheResponse) {
  Router router;
  router.AddDeferred("GET", "/refused",
                     [](const Request&, Responder) { throw ProblemError(Conflict("not now")); });
  router.AddDeferred("GET", "/broken",
                     [](const Request&, Responder) { throw std::runtime_error("bug"); });
  Server server(testing::TestConfig(), std::move(router));
  server.Start();
  HttpClient client("127.0.0.1", server.Port());
  EXPECT_EQ(client.Send("GET", "/refused").status, 409);
  EXPECT_EQ(client.Send("GET", "/broken").status, 500);
}

TEST(ServerDeferredTest, OnlyTheFirstAnswerIsWrittenAndTheConnectionGoesOn) {
  Router router;
  router.AddDeferred("GET", "/twice", [](const Request&, Responder respond) {
    respond(JsonResponse(200, {{"answer", 1}}));
    respond(JsonResponse(500, {{"answer", 2}}));
  });
  router.AddDeferred("GET", "/answered-then-threw", [](const Request&, Responder respond) {
    respond(JsonResponse(200, {{"answer", 1}}));
    throw std::runtime_error("after the answer");
  });
  Server server(testing::TestConfig(), std::move(router));
  server.Start();
  HttpClient client("127.0.0.1", server.Port());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.Send("GET", "/twice").body, R"({"answer":1})");
    EXPECT_EQ(client.Send("GET", "/answered-then-threw").body, R"({"answer":1})");
  }
  EXPECT_EQ(client.ConnectionsOpened(), 1u);
}

TEST(ServerDeferredTest, AMethodIsEitherDeferredOrNotButNeverBoth) {
  Router router;
  router.Add("GET", "/x", [](const Request&) { return Response{}; });
  EXPECT_THROW(router.AddDeferred("GET", "/x", [](const Request&, Responder) {}),
               std::invalid_argument);
  router.AddDeferred("POST", "/x", [](const Request&, Responder) {});
  EXPECT_NE(router.Match("POST", "/x").deferred, nullptr);
  EXPECT_EQ(router.Match("POST", "/x").handler, nullptr);
  EXPECT_NE(router.Match("GET", "/x").handler, nullptr);
}

}  // namespace
}  // namespace sagashop::http
