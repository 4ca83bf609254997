// HTTPS over real sockets: the server's TLS handshake (versions, trust, deadline), both clients,
// and what a plain-HTTP client gets from a TLS port.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <string>

#include "platform/http/async_client.h"
#include "platform/http/client.h"
#include "platform/http/server.h"
#include "platform/tls/local_ca.h"
#include "platform/tls/tls_context.h"
#include "support/tls_probe.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using sagashop::testing::HandshakeOutcome;
using sagashop::testing::PlainHttpExchange;
using sagashop::testing::TlsHandshake;

class ServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sagashop-server-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    files_ = tls::EnsureLocalCertificates(dir_ / "tls");
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  Server& StartServer(ServerConfig config = testing::TestConfig()) {
    config.tls_certificate_chain = files_.certificate.string();
    config.tls_private_key = files_.private_key.string();
    server_ = std::make_unique<Server>(config, testing::TestRoutes());
    server_->Start();
    return *server_;
  }

  std::shared_ptr<boost::asio::ssl::context> TrustingTheCa() const {
    return tls::MakeClientContext(files_.ca.string());
  }

  std::filesystem::path dir_;
  tls::TlsFiles files_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTlsTest, HttpsRequestsAreAnsweredOnOneKeptAliveConnection) {
  Server& server = StartServer();
  HttpClient client("127.0.0.1", server.Port(), std::chrono::seconds(10), TrustingTheCa());
  EXPECT_EQ(client.Send("GET", "/orders/1").status, 200);
  const Response echoed = client.Send("POST", "/echo", "over TLS");
  EXPECT_EQ(echoed.status, 200);
  EXPECT_EQ(echoed.body, "over TLS");
  EXPECT_EQ(client.ConnectionsOpened(), 1u);
}

// The server closes an idle connection without TLS's close_notify, which the client sees as a
// truncated stream when it next uses the connection: it must take that for a closed idle
// connection and send again on a new one, as it does over plain HTTP.
TEST_F(ServerTlsTest, AClientReconnectsOnceWhenTheServerClosedItsIdleConnection) {
  ServerConfig config = testing::TestConfig();
  StartServer(config);
  config.port = server_->Port();
  HttpClient client("127.0.0.1", config.port, std::chrono::seconds(10), TrustingTheCa());
  ASSERT_EQ(client.Send("GET", "/orders/1").status, 200);

  server_->Stop();  // closes the idle connection; a new server takes over the port
  StartServer(config);

  EXPECT_EQ(client.Send("GET", "/orders/2").status, 200);
  EXPECT_EQ(client.ConnectionsOpened(), 2u);
}

TEST_F(ServerTlsTest, TheCertificateNamesLocalhostToo) {
  Server& server = StartServer();
  HttpClient client("localhost", server.Port(), std::chrono::seconds(10), TrustingTheCa());
  EXPECT_EQ(client.Send("GET", "/orders/1").status, 200);
}

TEST_F(ServerTlsTest, PlainHttpToTheTlsPortIsClosedUnanswered) {
  Server& server = StartServer();
  const std::string reply = PlainHttpExchange(server.Port());
  EXPECT_EQ(reply.find("HTTP/"), std::string::npos) << "a plain-HTTP answer: " << reply;
  // The server still serves HTTPS.
  HttpClient client("127.0.0.1", server.Port(), std::chrono::seconds(10), TrustingTheCa());
  EXPECT_EQ(client.Send("GET", "/orders/1").status, 200);
}

TEST_F(ServerTlsTest, AClientThatDoesNotTrustTheCaFailsTheHandshakeForGood) {
  Server& server = StartServer();
  const tls::TlsFiles other = tls::EnsureLocalCertificates(dir_ / "other");
  HttpClient client("127.0.0.1", server.Port(), std::chrono::seconds(10),
                    tls::MakeClientContext(other.ca.string()));
  try {
    client.Send("GET", "/orders/1");
    FAIL() << "a server with a certificate of an untrusted CA was accepted";
  } catch (const HttpClientError& error) {
    EXPECT_FALSE(error.IsRetryable()) << error.what();
    EXPECT_NE(std::string(error.what()).find("TLS handshake"), std::string::npos) << error.what();
  }
  const HandshakeOutcome outcome = TlsHandshake(server.Port(), other.ca.string());
  EXPECT_FALSE(outcome.completed);
}

TEST_F(ServerTlsTest, Tls11IsRefusedTls12AcceptedTls13Preferred) {
  Server& server = StartServer();
  const HandshakeOutcome old =
      TlsHandshake(server.Port(), files_.ca.string(), TLS1_1_VERSION, TLS1_1_VERSION);
  EXPECT_FALSE(old.completed);
  EXPECT_EQ(old.alert_reason, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION) << old.error;

  const HandshakeOutcome tls12 =
      TlsHandshake(server.Port(), files_.ca.string(), TLS1_2_VERSION, TLS1_2_VERSION);
  EXPECT_TRUE(tls12.completed) << tls12.error;
  EXPECT_EQ(tls12.version, TLS1_2_VERSION);

  const HandshakeOutcome modern = TlsHandshake(server.Port(), files_.ca.string());
  EXPECT_TRUE(modern.completed) << modern.error;
  EXPECT_EQ(modern.version, TLS1_3_VERSION);
}

TEST_F(ServerTlsTest, AHandshakeNeverCompletedIsClosedByTheHeaderDeadline) {
  ServerConfig config = testing::TestConfig();
  config.header_timeout = std::chrono::seconds(1);
  config.read_timeout = std::chrono::seconds(60);
  Server& server = StartServer(config);
  testing::RawConnection silent(server.Port());  // reads give up after 10 s
  testing::RawConnection halfway(server.Port());
  halfway.Write(std::string("\x16\x03\x01\x02\x00", 5));  // a ClientHello's record header only
  EXPECT_EQ(silent.ReadUntilClosed(), "");
  EXPECT_EQ(halfway.ReadUntilClosed(), "");
}

TEST_F(ServerTlsTest, TheAsyncClientSpeaksHttpsAndRefusesAnUntrustedServer) {
  Server& server = StartServer();
  AsyncClientConfig config;
  config.port = server.Port();
  config.tls = TrustingTheCa();
  AsyncHttpClient client(config);
  std::promise<AsyncResult> answered;
  client.Send({.method = "POST", .target = "/echo", .body = "async"},
              [&](AsyncResult result) { answered.set_value(std::move(result)); });
  const AsyncResult result = answered.get_future().get();
  ASSERT_TRUE(std::holds_alternative<Response>(result)) << std::get<AsyncFailure>(result).reason;
  EXPECT_EQ(std::get<Response>(result).body, "async");

  config.tls = tls::MakeClientContext(tls::EnsureLocalCertificates(dir_ / "other").ca.string());
  AsyncHttpClient distrustful(config);
  std::promise<AsyncResult> refused;
  distrustful.Send({.method = "GET", .target = "/orders/1"},
                   [&](AsyncResult result) { refused.set_value(std::move(result)); });
  const AsyncResult failure = refused.get_future().get();
  ASSERT_TRUE(std::holds_alternative<AsyncFailure>(failure));
  EXPECT_NE(std::get<AsyncFailure>(failure).reason.find("TLS handshake failed"), std::string::npos)
      << std::get<AsyncFailure>(failure).reason;
}

TEST_F(ServerTlsTest, AKeyThatDoesNotMatchTheCertificateStopsTheServerAtConstruction) {
  ServerConfig config = testing::TestConfig();
  config.tls_certificate_chain = files_.certificate.string();
  config.tls_private_key = (dir_ / "tls" / "ca-key.pem").string();
  EXPECT_THROW(Server(config, testing::TestRoutes()), std::runtime_error);
  config.tls_private_key = (dir_ / "missing.pem").string();
  try {
    Server server(config, testing::TestRoutes());
    FAIL() << "a missing key file was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("missing.pem"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sagashop::http
