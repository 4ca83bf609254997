#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <sstream>

#include "e2e/readiness/private_stack.h"
#include "e2e/support/child_process.h"
#include "e2e/support/event_tap.h"
#include "e2e/support/system_under_test.h"
#include "platform/http/client.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

struct Probe {
  int status = 0;
  boost::json::object body;

  std::string Status() const { return std::string(body.at("status").as_string()); }
  std::string CheckStatus(const char* dependency) const {
    return std::string(body.at("checks").at(dependency).at("status").as_string());
  }
  std::string Text() const { return std::to_string(status) + " " + boost::json::serialize(body); }
};

// One service of a distributed deployment (Payment: it has a database, consumes and publishes)
// on a PostgreSQL, Kafka and Redis that this test owns, stops and starts again: readiness is
// tested against real outages, not a simulated failure.
class DependencyOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<PrivateStack>();
    port_ = FreePort();
    log_path_ =
        std::string(SAGASHOP_E2E_LOG_DIR) + "/readiness-payment-" + std::to_string(port_) + ".log";
    std::vector<std::string> args{"--target=payment",
                                  "--storage=postgres",
                                  "--bus=kafka",
                                  "--cache=redis",
                                  "--pg-uri=" + stack_->PgUri(),
                                  "--kafka-brokers=" + stack_->KafkaBrokers(),
                                  "--redis=" + stack_->Redis(),
                                  "--http-port=" + std::to_string(port_),
                                  // Readiness is what this test is about; it sends no API request.
                                  "--insecure"};
    for (std::string& arg : stack_->ServerTlsArgs()) args.push_back(std::move(arg));
    for (std::string& arg : EventTapArgs("readiness-payment")) args.push_back(std::move(arg));
    service_ = std::make_unique<ChildProcess>(SAGASHOP_BINARY, std::move(args), log_path_);
    ASSERT_TRUE(Eventually([&] { return Get("/ready").status == 200 || !service_->Running(); },
                           std::chrono::seconds(60), std::chrono::milliseconds(100)))
        << service_->LogTail();
    ASSERT_TRUE(service_->Running()) << service_->LogTail();
  }

  void TearDown() override {
    if (HasFailure() && service_) std::cerr << service_->LogTail(20000);
    if (service_) service_->Stop();
    stack_.reset();
  }

  Probe Get(const std::string& path) {
    try {
      http::HttpClient client("127.0.0.1", port_, std::chrono::seconds(10));
      const http::Response response = client.Send("GET", path);
      return {response.status, boost::json::parse(response.body).as_object()};
    } catch (const std::exception&) {
      return {};  // not answering (yet)
    }
  }

  // Waits until GET /ready answers `status` with the overall readiness `readiness`.
  Probe ReadyBecomes(int status, const std::string& readiness) {
    Probe ready;
    EXPECT_TRUE(Eventually(
        [&] {
          ready = Get("/ready");
          return ready.status == status && ready.Status() == readiness;
        },
        std::chrono::seconds(90), std::chrono::milliseconds(200)))
        << "last /ready: " << ready.Text();
    return ready;
  }

  void ExpectEveryCheckReported(const Probe& probe) {
    for (const char* dependency : {"database", "bus", "cache"}) {
      ASSERT_TRUE(probe.body.at("checks").as_object().contains(dependency)) << probe.Text();
      const auto& check = probe.body.at("checks").at(dependency).as_object();
      EXPECT_TRUE(check.at("status").is_string()) << probe.Text();
      EXPECT_TRUE(check.at("latencyMs").is_number()) << probe.Text();
      EXPECT_GE(check.at("latencyMs").to_number<double>(), 0.0) << probe.Text();
    }
  }

  // Liveness holds whatever the dependencies do, and says what it sees.
  void ExpectAliveReporting(const char* dependency, const std::string& dependency_status) {
    const Probe health = Get("/health");
    EXPECT_EQ(health.status, 200) << health.Text();
    EXPECT_EQ(health.Status(), "UP") << health.Text();
    ExpectEveryCheckReported(health);
    EXPECT_EQ(health.CheckStatus(dependency), dependency_status) << health.Text();
  }

  std::unique_ptr<PrivateStack> stack_;
  std::uint16_t port_ = 0;
  std::string log_path_;
  std::unique_ptr<ChildProcess> service_;
};

TEST_F(DependencyOutageTest, ReadinessFailsWhileTheDatabaseOrTheBusIsDownAndHealthStaysUp) {
  const Probe ready = ReadyBecomes(200, "UP");
  ExpectEveryCheckReported(ready);
  for (const char* dependency : {"database", "bus", "cache"}) {
    EXPECT_EQ(ready.CheckStatus(dependency), "UP") << ready.Text();
  }
  ExpectAliveReporting("database", "UP");

  // The cache only speeds the inbox up: without it the service is degraded, still ready.
  stack_->Stop("redis");
  const Probe without_cache = ReadyBecomes(200, "DEGRADED");
  EXPECT_EQ(without_cache.CheckStatus("cache"), "DEGRADED") << without_cache.Text();
  ExpectAliveReporting("cache", "DEGRADED");
  stack_->Start("redis");
  ReadyBecomes(200, "UP");

  stack_->Stop("pg");
  const Probe without_database = ReadyBecomes(503, "DOWN");
  EXPECT_EQ(without_database.CheckStatus("database"), "DOWN") << without_database.Text();
  EXPECT_TRUE(without_database.body.at("checks").at("database").as_object().contains("detail"))
      << "says why: " << without_database.Text();
  EXPECT_EQ(without_database.CheckStatus("bus"), "UP") << without_database.Text();
  ExpectAliveReporting("database", "DOWN");
  stack_->Start("pg");
  ReadyBecomes(200, "UP");

  stack_->Stop("kafka");
  const Probe without_bus = ReadyBecomes(503, "DOWN");
  EXPECT_EQ(without_bus.CheckStatus("bus"), "DOWN") << without_bus.Text();
  EXPECT_EQ(without_bus.CheckStatus("database"), "UP") << without_bus.Text();
  ExpectAliveReporting("bus", "DOWN");
  stack_->Start("kafka");
  ReadyBecomes(200, "UP");

  EXPECT_TRUE(service_->Running()) << "outages are waited out, never fatal";
  // And through it all, the service's log stayed one JSON object per line.
  std::istringstream log(service_->LogTail(10'000'000));
  std::string line;
  while (std::getline(log, line)) {
    boost::system::error_code error;
    const boost::json::value value = boost::json::parse(line, error);
    EXPECT_TRUE(!error && value.is_object()) << "not JSON: " << line;
  }
}

}  // namespace
}  // namespace sagashop::testing
