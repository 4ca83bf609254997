// The server's connection limits over real sockets on loopback: a client address at its limit,
// and a server at its limit, have new connections closed at once, while other clients are served.
// Other loopback addresses (127.0.0.2, ...) play the other clients.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/system/system_error.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/http/json_response.h"
#include "platform/http/server.h"
#include "platform/tls/local_ca.h"
#include "support/eventually.h"
#include "support/tls_probe.h"
#include "unit/http/raw_connection.h"
#include "unit/http/test_routes.h"

namespace sagashop::http {
namespace {

using sagashop::testing::Eventually;
using testing::ParseRawResponse;
using testing::RawConnection;

class ServerConnectionLimitsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    server_.reset();
    if (!tls_dir_.empty()) std::filesystem::remove_all(tls_dir_);
  }

  // `tls`: HTTPS with a local CA's certificate, whose CA file TlsCa() names.
  void Start(std::size_t max_connections, std::size_t per_client, bool tls = false) {
    ServerConfig config = testing::TestConfig();
    config.max_connections = max_connections;
    config.max_connections_per_client = per_client;
    if (tls) {
      tls_dir_ = std::filesystem::temp_directory_path() /
                 ("sagashop-connection-limits-" + std::to_string(::getpid()));
      tls_files_ = tls::EnsureLocalCertificates(tls_dir_);
      config.tls_certificate_chain = tls_files_.certificate.string();
      config.tls_private_key = tls_files_.private_key.string();
    }
    Router router;
    router.Add("GET", "/quick", [](const Request&) { return JsonResponse(200, {{"ok", true}}); });
    server_.emplace(config, std::move(router), [this](const RequestRecord& record) {
      if (record.phase != RequestRecord::Phase::kConnectionRefused) return;
      ++(record.refusal == RequestRecord::Refusal::kClientLimit ? client_refusals_
                                                                : server_refusals_);
    });
    server_->Start();
  }

  // A request on a new connection from `from`: its status, or 0 when the server closed the
  // connection without answering.
  int Get(const std::string& from) {
    RawConnection connection(server_->Port(), std::chrono::seconds(10), from);
    try {
      connection.Write("GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
    } catch (const boost::system::system_error&) {
      return 0;  // reset already
    }
    const std::string raw = connection.ReadUntilClosedOr("\r\n\r\n");
    return raw.empty() ? 0 : ParseRawResponse(raw).status;
  }

  // Opens `count` connections from `from` that send nothing. The server accepts in order, so a
  // connection opened after them is judged with them counted.
  std::vector<boost::asio::ip::tcp::socket> OpenIdle(int count, const std::string& from) {
    std::vector<boost::asio::ip::tcp::socket> idle;
    idle.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      boost::asio::ip::tcp::socket& socket = idle.emplace_back(io_);
      socket.open(boost::asio::ip::tcp::v4());
      socket.bind({boost::asio::ip::make_address(from), 0});
      // One over a limit may be reset before connect() returns; the refusals are counted apart.
      boost::system::error_code ignored;
      socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->Port()}, ignored);
    }
    return idle;
  }

  boost::asio::io_context io_;  // one for all idle sockets: a context costs file descriptors too
  std::optional<Server> server_;
  std::filesystem::path tls_dir_;
  tls::TlsFiles tls_files_;
  std::atomic<int> client_refusals_{0};
  std::atomic<int> server_refusals_{0};
};

TEST_F(ServerConnectionLimitsTest, AClientAtItsLimitIsRefusedWhileOthersAreServed) {
  Start(/*max_connections=*/100, /*per_client=*/3);
  auto idle = OpenIdle(3, "127.0.0.1");
  EXPECT_EQ(Get("127.0.0.1"), 0) << "a fourth connection from the same address";
  EXPECT_EQ(client_refusals_.load(), 1);
  EXPECT_EQ(Get("127.0.0.2"), 200) << "another client";
  EXPECT_EQ(Get("127.0.0.3"), 200);

  idle.pop_back();  // one of its connections closes: the client may open one again
  EXPECT_TRUE(Eventually([&] { return Get("127.0.0.1") == 200; }));
  EXPECT_EQ(server_refusals_.load(), 0);
}

TEST_F(ServerConnectionLimitsTest, AServerAtItsLimitRefusesEveryNewConnection) {
  Start(/*max_connections=*/4, /*per_client=*/2);
  auto first = OpenIdle(2, "127.0.0.1");
  auto second = OpenIdle(2, "127.0.0.2");
  EXPECT_EQ(Get("127.0.0.3"), 0);
  EXPECT_EQ(server_refusals_.load(), 1);
  second.clear();
  EXPECT_TRUE(Eventually([&] { return Get("127.0.0.3") == 200; }));
}

// The case that exhausted the process's file descriptors before there were limits: one address
// holding thousands of idle connections, with the default limits.
class ServerIdleConnectionsTest : public ServerConnectionLimitsTest,
                                  public ::testing::WithParamInterface<bool> {};

TEST_P(ServerIdleConnectionsTest, FiveThousandIdleConnectionsFromOneAddressDoNotStopAnother) {
  constexpr int kIdle = 5000;
  rlimit files{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &files), 0);
  // The idle sockets and the server's side of those it keeps, with room to spare.
  const rlim_t needed = kIdle + ServerConfig{}.max_connections_per_client + 512;
  if (files.rlim_cur < needed && files.rlim_max >= needed) {
    files.rlim_cur = needed;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &files), 0);
  }
  ASSERT_GE(files.rlim_cur, needed) << "this test needs " << needed << " open files";

  Start(ServerConfig{}.max_connections, ServerConfig{}.max_connections_per_client, GetParam());
  auto idle = OpenIdle(kIdle, "127.0.0.1");
  EXPECT_TRUE(Eventually([&] {
    return client_refusals_.load() ==
           kIdle - static_cast<int>(ServerConfig{}.max_connections_per_client);
  })) << client_refusals_.load();
  if (!GetParam()) {
    EXPECT_EQ(Get("127.0.0.2"), 200);
    return;
  }
  // Over HTTPS the idle connections never even start a handshake; another client's completes.
  const sagashop::testing::HandshakeOutcome other =
      sagashop::testing::TlsHandshake(server_->Port(), tls_files_.ca.string(), 0, 0, "127.0.0.2");
  EXPECT_TRUE(other.completed) << other.error;
}

INSTANTIATE_TEST_SUITE_P(PlainAndTls, ServerIdleConnectionsTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "https" : "http";
                         });

}  // namespace
}  // namespace sagashop::http
