#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "platform/http/client.h"
#include "platform/http/json_response.h"
#include "platform/http/server.h"
#include "support/eventually.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using sagashop::testing::Eventually;

// One handler thread and room for one request waiting for it. GET /hold keeps the handler thread
// until the test releases it, so the test decides when the queue is full.
class ServerSheddingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config = testing::TestConfig();
    config.worker_threads = 1;
    config.max_queued_requests = 1;
    Router router;
    router.Add("GET", "/hold", [this](const Request&) {
      ++held_;
      std::unique_lock lock(mutex_);
      released_cv_.wait(lock, [this] { return released_; });
      return JsonResponse(200, {{"route", "hold"}});
    });
    router.Add("GET", "/quick", [](const Request&) {
      return JsonResponse(200, {{"route", "quick"}});
    });
    router.Add(
        "GET", "/probe",
        [](const Request&) {
          return JsonResponse(200, {{"route", "probe"}});
        },
        UnderLoad::kQueued);
    server_.emplace(config, std::move(router), [this](const RequestRecord& record) {
      if (record.shed) ++shed_records_;
    });
    server_->Start();
  }

  void TearDown() override { Release(); }

  void Release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    released_cv_.notify_all();
  }

  // Sends GET `path` on a connection of its own, on a thread; the status lands in `status`.
  std::jthread SendInBackground(const std::string& path, std::atomic<int>& status) {
    return std::jthread([this, path, &status] {
      HttpClient client("127.0.0.1", server_->Port());
      status = client.Send("GET", path).status;
    });
  }

  std::optional<Server> server_;
  std::atomic<int> held_{0};
  std::atomic<int> shed_records_{0};
  std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
};

TEST_F(ServerSheddingTest, AFullQueueShedsWith503AndRetryAfterAndProbesStillQueue) {
  std::atomic<int> held_status{0};
  std::atomic<int> queued_status{0};
  std::atomic<int> probe_status{0};
  std::jthread holder = SendInBackground("/hold", held_status);
  ASSERT_TRUE(Eventually([&] { return held_ == 1; })) << "the handler thread was never taken";
  std::jthread queued = SendInBackground("/quick", queued_status);
  ASSERT_TRUE(Eventually([&] { return server_->InFlight() == 2; })) << "nothing queued";

  // The queue is full: the next request is answered at once, without reaching its handler.
  HttpClient client("127.0.0.1", server_->Port());
  const Response shed = client.Send("GET", "/quick");
  EXPECT_EQ(shed.status, 503);
  EXPECT_EQ(shed.content_type, "application/problem+json");
  EXPECT_EQ(shed.Header("Retry-After").value_or("<absent>"), "1");
  const auto problem = boost::json::parse(shed.body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), 503);
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("--http-max-queued-requests"),
            std::string::npos)
      << shed.body;
  // The connection stays usable: a second try on it is shed the same way.
  EXPECT_EQ(client.Send("GET", "/quick").status, 503);
  EXPECT_EQ(client.ConnectionsOpened(), 1);
  // Reported once the response is written, which the client may see first.
  EXPECT_TRUE(Eventually([&] { return shed_records_ == 2; })) << shed_records_.load();

  // A probe is queued even so, and answered once the handler thread is free.
  std::jthread probe = SendInBackground("/probe", probe_status);
  ASSERT_TRUE(Eventually([&] { return server_->InFlight() == 3; })) << "the probe was not queued";
  EXPECT_EQ(probe_status.load(), 0) << "the probe was answered while the handler was held";

  Release();
  holder.join();
  queued.join();
  probe.join();
  EXPECT_EQ(held_status.load(), 200);
  EXPECT_EQ(queued_status.load(), 200);
  EXPECT_EQ(probe_status.load(), 200);
  // The queue drained: requests reach their handler again.
  EXPECT_EQ(client.Send("GET", "/quick").status, 200);
  EXPECT_EQ(shed_records_.load(), 2);
}

}  // namespace
}  // namespace sagashop::http
