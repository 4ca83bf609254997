// The per-client rate limit over real sockets on loopback: a client over its rate gets 429 with
// Retry-After and the RateLimit fields, other clients (other loopback addresses) are served
// meanwhile, probes are never limited, and the client is served again once its bucket refills.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/http/json_response.h"
#include "platform/http/server.h"
#include "support/eventually.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using sagashop::testing::Eventually;
using testing::ParseRawResponse;
using testing::RawConnection;
using testing::RawResponse;

class ServerRateLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config = testing::TestConfig();
    config.rate_limit_per_client = 2;  // bursts of 4
    Router router;
    router.Add("GET", "/quick", [](const Request&) { return JsonResponse(200, {{"ok", true}}); });
    router.Add(
        "GET", "/probe",
        [](const Request&) {
          return JsonResponse(200, {{"ok", true}});
        },
        UnderLoad::kQueued);
    server_.emplace(config, std::move(router), [this](const RequestRecord& record) {
      if (record.rate_limited) ++limited_records_;
    });
    server_->Start();
  }

  RawResponse Get(const std::string& from, const std::string& path = "/quick") {
    RawConnection connection(server_->Port(), std::chrono::seconds(10), from);
    connection.Write("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    return ParseRawResponse(connection.ReadUntilClosed());
  }

  static std::optional<std::string> Field(const RawResponse& response, const std::string& name) {
    const std::string key = "\r\n" + name + ": ";
    const auto at = response.head.find(key);
    if (at == std::string::npos) return std::nullopt;
    const auto start = at + key.size();
    return response.head.substr(start, response.head.find("\r\n", start) - start);
  }

  std::optional<Server> server_;
  std::atomic<int> limited_records_{0};
};

TEST_F(ServerRateLimitTest, AClientOverItsRateGets429WhileOthersAreServed) {
  int served = 0;
  std::optional<RawResponse> refused;
  for (int i = 0; i < 10 && !refused; ++i) {
    RawResponse response = Get("127.0.0.1");
    if (response.status == 200) {
      ++served;
    } else {
      refused = response;
    }
  }
  ASSERT_TRUE(refused) << "ten requests at once from one client";
  EXPECT_GE(served, 4) << "the burst is served";
  EXPECT_EQ(refused->status, 429);
  EXPECT_NE(refused->head.find("application/problem+json"), std::string::npos);
  const auto problem = boost::json::parse(refused->body).as_object();
  EXPECT_EQ(problem.at("status").as_int64(), 429);
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(Field(*refused, "Retry-After"), "1");
  EXPECT_EQ(Field(*refused, "RateLimit-Policy"), "\"per-client\";q=4;w=2");
  EXPECT_EQ(Field(*refused, "RateLimit"), "\"per-client\";r=0;t=1");
  EXPECT_EQ(limited_records_.load(), 1);

  EXPECT_EQ(Get("127.0.0.2").status, 200) << "another client";
  EXPECT_EQ(Get("127.0.0.1", "/probe").status, 200) << "probes are never limited";
  // Its bucket refills at 2 per second: the client is served again.
  EXPECT_TRUE(Eventually([&] { return Get("127.0.0.1").status == 200; }));
}

}  // namespace
}  // namespace sagashop::http
