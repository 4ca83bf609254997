#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <mutex>
#include <optional>
#include <vector>

#include "platform/http/client.h"
#include "platform/http/server.h"
#include "support/eventually.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ServerRoutingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Start();
    client_.emplace("127.0.0.1", server_.Port());
  }

  boost::json::object Json(const Response& response) {
    return boost::json::parse(response.body).as_object();
  }

  std::mutex records_mutex_;
  std::vector<RequestRecord> records_;
  Server server_{testing::TestConfig(), testing::TestRoutes(), [this](const RequestRecord& record) {
                   std::lock_guard lock(records_mutex_);
                   records_.push_back(record);
                 }};
  std::optional<HttpClient> client_;
};

TEST_F(ServerRoutingTest, PassesPathParamsToTheHandler) {
  const Response response = client_->Send("GET", "/orders/42/saga");
  EXPECT_EQ(response.status, 200);
  const auto body = Json(response);
  EXPECT_EQ(body.at("route").as_string(), "saga");
  EXPECT_EQ(body.at("params"), (boost::json::array{"42"}));
}

TEST_F(ServerRoutingTest, DecodesPathAndQuery) {
  const auto param = Json(client_->Send("GET", "/orders/a%20b"));
  EXPECT_EQ(param.at("params"), (boost::json::array{"a b"}));

  const auto list = Json(client_->Send("GET", "/orders?userId=1001&status=PENDING&note=a+b%26c"));
  EXPECT_EQ(list.at("route").as_string(), "list");
  EXPECT_EQ(list.at("query"),
            (boost::json::object{{"userId", "1001"}, {"status", "PENDING"}, {"note", "a b&c"}}));
}

TEST_F(ServerRoutingTest, UnknownPathIsANotFoundProblem) {
  const Response response = client_->Send("GET", "/nowhere");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = Json(response);
  EXPECT_EQ(body.at("status").as_int64(), 404);
  EXPECT_EQ(body.at("title").as_string(), "Not Found");
  EXPECT_EQ(body.at("type").as_string(), "about:blank");
}

TEST_F(ServerRoutingTest, WrongMethodIsAMethodNotAllowedProblemWithAllow) {
  const Response response = client_->Send("POST", "/orders/1");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Header("allow"), "DELETE, GET");
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(Json(response).at("status").as_int64(), 405);
}

TEST_F(ServerRoutingTest, ProblemErrorBecomesItsResponse) {
  const Response conflict = client_->Send("GET", "/conflict");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.content_type, "application/problem+json");
  EXPECT_EQ(Json(conflict).at("detail").as_string(), "Order 7 is already paid.");

  const Response invalid = client_->Send("GET", "/invalid");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Json(invalid).at("invalid-params").as_array().at(0).at("name").as_string(), "quantity");
}

TEST_F(ServerRoutingTest, OtherHandlerExceptionIsAGeneric500) {
  const Response response = client_->Send("GET", "/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_THAT(response.body, Not(HasSubstr("hunter2")));
  EXPECT_THAT(response.body, Not(HasSubstr("postgresql")));
  const auto body = Json(response);
  EXPECT_EQ(body.at("status").as_int64(), 500);
  EXPECT_EQ(body.at("detail").as_string(), "The server could not complete the request.");
  // The connection survives a handler's failure.
  EXPECT_EQ(client_->Send("GET", "/orders/1").status, 200);
  EXPECT_EQ(client_->ConnectionsOpened(), 1u);
}

TEST_F(ServerRoutingTest, EveryResponseHasDeterministicFramingHeaders) {
  for (const char* target : {"/orders/1", "/nowhere", "/boom"}) {
    const Response response = client_->Send("GET", target);
    EXPECT_TRUE(response.Header("content-type").has_value()) << target;
    EXPECT_EQ(response.Header("content-length"), std::to_string(response.body.size())) << target;
    EXPECT_EQ(response.Header("server"), "sagashop") << target;
    EXPECT_FALSE(response.Header("date").has_value()) << target;
  }
  const Response echo = client_->Send("POST", "/echo", "hello");
  EXPECT_EQ(echo.content_type, "text/plain");
  EXPECT_EQ(echo.Header("x-body-bytes"), "5");
  EXPECT_EQ(echo.body, "hello");
}

TEST_F(ServerRoutingTest, KeepAliveServesManyRequestsOnOneConnection) {
  constexpr int kRequests = 50;
  for (int i = 0; i < kRequests; ++i) {
    const Response response = client_->Send("GET", "/orders/" + std::to_string(i));
    ASSERT_EQ(response.status, 200);
    ASSERT_EQ(Json(response).at("params"),
              (boost::json::array{boost::json::string(std::to_string(i))}));
  }
  EXPECT_EQ(client_->ConnectionsOpened(), 1u);

  // The server saw the same: every request came over one connection.
  ASSERT_TRUE(sagashop::testing::Eventually([&] {
    std::lock_guard lock(records_mutex_);
    return records_.size() == std::size_t{2} * kRequests;
  }));
  std::lock_guard lock(records_mutex_);
  for (const auto& record : records_)
    EXPECT_EQ(record.connection_id, records_.front().connection_id);
}

TEST_F(ServerRoutingTest, ObserverSeesRouteMethodStatusAndInFlight) {
  EXPECT_EQ(client_->Send("GET", "/orders/9/saga").status, 200);
  EXPECT_EQ(client_->Send("GET", "/boom").status, 500);
  ASSERT_TRUE(sagashop::testing::Eventually([&] {
    std::lock_guard lock(records_mutex_);
    return records_.size() == 4;
  }));
  std::lock_guard lock(records_mutex_);
  using Phase = RequestRecord::Phase;
  EXPECT_EQ(records_[0].phase, Phase::kStarted);
  EXPECT_EQ(records_[0].route, "/orders/{id}/saga");
  EXPECT_EQ(records_[0].method, "GET");
  EXPECT_EQ(records_[0].in_flight, 1);
  EXPECT_EQ(records_[1].phase, Phase::kFinished);
  EXPECT_EQ(records_[1].status, 200);
  EXPECT_EQ(records_[1].in_flight, 0);
  EXPECT_GT(records_[1].duration.count(), 0);
  EXPECT_EQ(records_[3].route, "/boom");
  EXPECT_EQ(records_[3].status, 500);
  EXPECT_EQ(records_[3].in_flight, 0);
}

TEST_F(ServerRoutingTest, RefusedRequestIsReportedOnceAsFinished) {
  testing::RawConnection raw(server_.Port());
  // The garbage follows a good request on the same connection, whose method must not stick.
  raw.Write("GET /orders/1 HTTP/1.1\r\nHost: x\r\n\r\nthis is not http\r\n\r\n");
  EXPECT_NE(raw.ReadUntilClosed().find("HTTP/1.1 400"), std::string::npos);
  EXPECT_EQ(client_->Send("POST", "/echo", std::string(64 * 1024 + 1, 'b')).status, 413);
  ASSERT_TRUE(sagashop::testing::Eventually([&] {
    std::lock_guard lock(records_mutex_);
    return records_.size() == 4;
  }));
  std::lock_guard lock(records_mutex_);
  std::vector<RequestRecord> refused(records_.begin() + 2, records_.end());
  std::sort(refused.begin(), refused.end(),
            [](const auto& a, const auto& b) { return a.status < b.status; });
  EXPECT_EQ(refused[0].phase, RequestRecord::Phase::kFinished);
  EXPECT_EQ(refused[0].status, 400);
  EXPECT_EQ(refused[0].method, "");
  EXPECT_EQ(refused[0].route, "");
  EXPECT_EQ(refused[1].phase, RequestRecord::Phase::kFinished);
  EXPECT_EQ(refused[1].status, 413);
  EXPECT_EQ(refused[1].method, "POST");
  EXPECT_EQ(refused[1].route, "");
  EXPECT_EQ(refused[1].in_flight, 0);
}

TEST_F(ServerRoutingTest, AnswersPipelinedRequestsInOrder) {
  testing::RawConnection raw(server_.Port());
  raw.Write(
      "GET /orders/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /orders/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string received = raw.ReadUntilClosed();
  const auto first = received.find("\"params\":[\"1\"]");
  const auto second = received.find("\"params\":[\"2\"]");
  ASSERT_NE(first, std::string::npos) << received;
  ASSERT_NE(second, std::string::npos) << received;
  EXPECT_LT(first, second);
}

TEST_F(ServerRoutingTest, Http10RequestIsAnsweredAndClosed) {
  testing::RawConnection raw(server_.Port());
  raw.Write("GET /orders/3 HTTP/1.0\r\n\r\n");
  const auto response = testing::ParseRawResponse(raw.ReadUntilClosed());
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.head, HasSubstr("HTTP/1.0 200"));
}

}  // namespace
}  // namespace sagashop::http
