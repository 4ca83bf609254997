#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "platform/http/client.h"
#include "platform/http/server.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

TEST(ServerConcurrencyTest, EightClientsTimesTwoHundredRequestsAreAllAnsweredCorrectly) {
  constexpr int kThreads = 8;
  constexpr int kRequestsPerThread = 200;
  Server server(testing::TestConfig(), testing::TestRoutes());
  server.Start();

  std::atomic<int> correct{0};
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        HttpClient client("127.0.0.1", server.Port());  // one client per thread
        for (int i = 0; i < kRequestsPerThread; ++i) {
          // A body unique to this request, so a response delivered to the wrong caller shows.
          const std::string body = "thread-" + std::to_string(t) + "-request-" + std::to_string(i);
          const Response response = client.Send("POST", "/echo", body);
          if (response.status != 200 || response.body != body) {
            failures[t] = "got " + std::to_string(response.status) + " '" + response.body +
                          "' for '" + body + "'";
            return;
          }
          ++correct;
        }
        if (client.ConnectionsOpened() != 1) failures[t] = "client reconnected";
      } catch (const std::exception& error) {
        failures[t] = error.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], "") << "thread " << t;
  EXPECT_EQ(correct.load(), kThreads * kRequestsPerThread);
}

}  // namespace
}  // namespace sagashop::http
