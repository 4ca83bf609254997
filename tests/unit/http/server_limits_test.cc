#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "platform/http/client.h"
#include "platform/http/server.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using ::testing::HasSubstr;
using testing::ParseRawResponse;
using testing::RawConnection;

constexpr std::size_t kLimit = std::size_t{64} * 1024;

std::string Hex(std::size_t n) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%zx", n);
  return buffer;
}

// A chunked POST /echo whose body is `total` bytes, sent in chunks of at most 16 KiB.
std::string ChunkedEcho(std::size_t total) {
  std::string request =
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (std::size_t sent = 0; sent < total;) {
    const std::size_t chunk = std::min<std::size_t>(std::size_t{16} * 1024, total - sent);
    request += Hex(chunk) + "\r\n" + std::string(chunk, 'c') + "\r\n";
    sent += chunk;
  }
  return request + "0\r\n\r\n";
}

void ExpectProblem(const testing::RawResponse& response, int status) {
  EXPECT_EQ(response.status, status);
  EXPECT_THAT(response.head, HasSubstr("Content-Type: application/problem+json"));
  EXPECT_THAT(response.head, HasSubstr("Connection: close"));
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_int64(), status);
}

class ServerLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(config_.max_body_bytes, kLimit);
    server_.Start();
    client_.emplace("127.0.0.1", server_.Port());
  }

  ServerConfig config_ = testing::TestConfig();
  Server server_{config_, testing::TestRoutes()};
  std::optional<HttpClient> client_;
};

TEST_F(ServerLimitsTest, BodyAtTheLimitIsAccepted) {
  const std::string body(kLimit, 'b');
  const Response response = client_->Send("POST", "/echo", body);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("x-body-bytes"), std::to_string(kLimit));
  EXPECT_EQ(response.body, body);
}

TEST_F(ServerLimitsTest, BodyOverTheLimitByContentLengthIs413) {
  const Response response = client_->Send("POST", "/echo", std::string(kLimit + 1, 'b'));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(response.Header("connection"), "close");
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_int64(), 413);
  EXPECT_THAT(std::string(body.at("detail").as_string()), HasSubstr("body"));
  EXPECT_THAT(std::string(body.at("detail").as_string()), HasSubstr(std::to_string(kLimit)));
  // The client reconnects for its next request.
  EXPECT_EQ(client_->Send("POST", "/echo", "small").status, 200);
}

TEST_F(ServerLimitsTest, BodyFarOverTheLimitStillGetsItsAnswer) {
  // The server answers after the header and stops reading; it must keep draining the upload until
  // the client is done, or closing on unread bytes resets the connection under the response.
  const Response response = client_->Send("POST", "/echo", std::string(128 * kLimit, 'b'));
  EXPECT_EQ(response.status, 413);
}

TEST_F(ServerLimitsTest, ChunkedBodyAtTheLimitIsAccepted) {
  RawConnection raw(server_.Port());
  raw.Write(ChunkedEcho(kLimit));
  const auto response = ParseRawResponse(raw.ReadUntilClosed());
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.head, HasSubstr("X-Body-Bytes: " + std::to_string(kLimit)));
}

TEST_F(ServerLimitsTest, ChunkedBodyOverTheLimitIs413) {
  RawConnection raw(server_.Port());
  raw.Write(ChunkedEcho(kLimit + 1));
  const auto response = ParseRawResponse(raw.ReadUntilClosed());
  ExpectProblem(response, 413);
  EXPECT_THAT(response.body, HasSubstr("body"));
}

TEST_F(ServerLimitsTest, MalformedRequestLineIs400ThenClose) {
  RawConnection raw(server_.Port());
  raw.Write("this is not http\r\n\r\n");
  ExpectProblem(ParseRawResponse(raw.ReadUntilClosed()), 400);
}

TEST_F(ServerLimitsTest, MalformedHeaderIs400ThenClose) {
  RawConnection raw(server_.Port());
  raw.Write("GET /orders/1 HTTP/1.1\r\nHost x\r\n\r\n");
  ExpectProblem(ParseRawResponse(raw.ReadUntilClosed()), 400);
}

TEST_F(ServerLimitsTest, TargetThatIsNotAPathIs400) {
  RawConnection raw(server_.Port());
  raw.Write("GET http://example.com/orders/1 HTTP/1.1\r\nHost: x\r\n\r\n");
  ExpectProblem(ParseRawResponse(raw.ReadUntilClosed()), 400);
}

TEST_F(ServerLimitsTest, HeaderSectionOverTheLimitIs431) {
  RawConnection raw(server_.Port());
  raw.Write("GET /orders/1 HTTP/1.1\r\nHost: x\r\nX-Padding: " +
            std::string(config_.max_header_bytes, 'p') + "\r\n\r\n");
  ExpectProblem(ParseRawResponse(raw.ReadUntilClosed()), 431);
}

TEST_F(ServerLimitsTest, ExpectContinueInvitesTheBody) {
  RawConnection raw(server_.Port());
  raw.Write(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
      "Connection: close\r\n\r\n");
  EXPECT_THAT(raw.ReadUntil("\r\n\r\n"), HasSubstr("HTTP/1.1 100 Continue"));
  raw.Write("hello");
  const std::string received = raw.ReadUntilClosed();
  const auto response = ParseRawResponse(received.substr(received.find("\r\n\r\n") + 4));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello");
}

}  // namespace
}  // namespace sagashop::http
