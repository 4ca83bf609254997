#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "e2e/support/system_under_test.h"
#include "platform/tls/local_ca.h"
#include "platform/tls/tls_context.h"
#include "support/tls_probe.h"

namespace sagashop::testing {
namespace {

// Every service answers HTTPS only, with TLS 1.2 at least and 1.3 when offered, to clients that
// trust the system's CA.
class HttpsTest : public ::testing::TestWithParam<Mode> {
 protected:
  // One system per mode for the whole suite: these tests only read.
  void SetUp() override {
    auto& system = systems_[GetParam()];
    if (!system) system = std::make_unique<SystemUnderTest>(GetParam());
    system_ = system.get();
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
  }
  static void TearDownTestSuite() { systems_.clear(); }

  static std::map<Mode, std::unique_ptr<SystemUnderTest>> systems_;
  SystemUnderTest* system_ = nullptr;
};

std::map<Mode, std::unique_ptr<SystemUnderTest>> HttpsTest::systems_;

TEST_P(HttpsTest, EveryServiceAnswersHttpsAndPlainHttpGetsNoHttpResponse) {
  ASSERT_NE(system_->Tls(), nullptr);
  for (const std::string& service : SystemUnderTest::Services()) {
    EXPECT_EQ(system_->Send(service, "GET", "/health").status, 200) << service;
    const std::string reply = PlainHttpExchange(system_->Port(service));
    EXPECT_EQ(reply.find("HTTP/"), std::string::npos) << service << " answered plain HTTP";
  }
}

TEST_P(HttpsTest, AClientThatDoesNotTrustTheCaFailsTheHandshake) {
  const std::filesystem::path other = std::filesystem::path(system_->DataDir()) / "other-ca";
  const tls::TlsFiles stranger = tls::EnsureLocalCertificates(other);
  http::HttpClient client("127.0.0.1", system_->Port("order"), std::chrono::seconds(10),
                          tls::MakeClientContext(stranger.ca.string()));
  EXPECT_THROW(client.Send("GET", "/health"), http::HttpClientError);
  EXPECT_FALSE(TlsHandshake(system_->Port("order"), stranger.ca.string()).completed);
}

TEST_P(HttpsTest, Tls11IsRefusedAndTls13Negotiated) {
  for (const std::string& service : SystemUnderTest::Services()) {
    const HandshakeOutcome old =
        TlsHandshake(system_->Port(service), system_->CaFile(), TLS1_1_VERSION, TLS1_1_VERSION);
    EXPECT_FALSE(old.completed) << service;
    EXPECT_EQ(old.alert_reason, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION) << service << ": " << old.error;
    const HandshakeOutcome modern = TlsHandshake(system_->Port(service), system_->CaFile());
    EXPECT_TRUE(modern.completed) << service << ": " << modern.error;
    EXPECT_EQ(modern.version, TLS1_3_VERSION) << service;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, HttpsTest, ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const auto& info) { return ModeName(info.param); });

// `make run` needs no setup: the first start makes a local CA and certificate in the data folder,
// keys readable by their owner only, and a restart keeps them.
TEST(HttpsEmbeddedTest, FirstStartMakesTheLocalCaInTheDataFolderAndRestartsKeepIt) {
  SystemUnderTest system(Mode::kEmbedded);
  const std::filesystem::path tls_dir = std::filesystem::path(system.DataDir()) / "tls";
  for (const char* key : {"server-key.pem", "ca-key.pem"}) {
    struct stat info {};
    ASSERT_EQ(::stat((tls_dir / key).c_str(), &info), 0) << key;
    EXPECT_EQ(info.st_mode & 0777U, 0600U) << key;
  }
  const auto written = std::filesystem::last_write_time(tls_dir / "server.pem");
  system.Restart();
  EXPECT_EQ(std::filesystem::last_write_time(tls_dir / "server.pem"), written);
  EXPECT_EQ(system.Send("order", "GET", "/health").status, 200);
}

// The explicit off switch: plain HTTP, and a warning that says so.
TEST(HttpsEmbeddedTest, HttpPlaintextServesPlainHttpAndWarns) {
  SystemUnderTest system(Mode::kEmbedded, {"--http-plaintext"});
  EXPECT_EQ(system.Tls(), nullptr);
  EXPECT_EQ(system.Send("order", "GET", "/health").status, 200);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(system.DataDir()) / "tls"));
  const std::string log = system.LogOf("sagashop");
  EXPECT_NE(log.find("HTTPS is off (--http-plaintext)"), std::string::npos) << log;
}

}  // namespace
}  // namespace sagashop::testing
