// Secure by default (docs/security.md): embedded mode started with no settings requires bearer
// tokens signed with a key it made in its data folder, and `sagashop token` prints them; outside
// embedded mode a process refuses to start without an identity provider's keys, HTTPS and TLS to
// every server unless --insecure says to run without, which it logs.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "e2e/support/child_process.h"
#include "e2e/support/event_tap.h"
#include "e2e/support/system_under_test.h"
#include "platform/http/client.h"
#include "platform/tls/local_ca.h"
#include "platform/tls/tls_context.h"
#include "support/eventually.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

std::string LogPath(const std::string& name) {
  std::filesystem::create_directories(SAGASHOP_E2E_LOG_DIR);  // this suite may run first
  return std::string(SAGASHOP_E2E_LOG_DIR) + "/secure-default-" + name + "-" +
         std::to_string(::getpid()) + ".log";
}

// Runs `sagashop args...` to its end; its exit status, and what it printed in `output`.
int RunSagashop(const std::string& name, const std::vector<std::string>& args,
                std::string* output) {
  ChildProcess process(SAGASHOP_BINARY, args, LogPath(name));
  const int status = process.WaitForExit(std::chrono::seconds(60));
  *output = process.LogTail(100'000);
  return status;
}

std::string LastLine(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  const std::size_t newline = trimmed.rfind('\n');
  return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

class EmbeddedDefaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ =
        std::string(SAGASHOP_E2E_LOG_DIR) + "/secure-default-data-" + std::to_string(::getpid());
    std::filesystem::remove_all(data_dir_);
    base_ = FreePortRun(4);
    console_port_ = FreePort();
    std::vector<std::string> args = {"--target=all", "--data-dir=" + data_dir_,
                                     "--http-base-port=" + std::to_string(base_),
                                     "--console-port=" + std::to_string(console_port_)};
    for (std::string& arg : EventTapArgs("secure-default")) args.push_back(std::move(arg));
    system_ = std::make_unique<ChildProcess>(SAGASHOP_BINARY, std::move(args), LogPath("system"));
    ASSERT_TRUE(Eventually(
        [&] {
          if (!system_->Running()) return true;
          // The local CA is made at the first start too, before the servers listen.
          if (!std::filesystem::exists(CaFile())) return false;
          try {
            return http::HttpClient("127.0.0.1", base_, std::chrono::seconds(2), Tls())
                       .Send("GET", "/health")
                       .status == 200;
          } catch (const std::exception&) {
            return false;
          }
        },
        std::chrono::seconds(60), std::chrono::milliseconds(100)));
    ASSERT_TRUE(system_->Running()) << system_->LogTail();
  }
  void TearDown() override {
    system_.reset();
    std::filesystem::remove_all(data_dir_);
  }

  // `sagashop token args...` against this system's data folder; the token it printed.
  std::string Token(std::vector<std::string> args) {
    args.insert(args.begin(), "token");
    args.push_back("--data-dir=" + data_dir_);
    std::string output;
    EXPECT_EQ(RunSagashop("token", args, &output), 0) << output;
    return LastLine(output);
  }

  // HTTPS with the local certificate is on by default too: clients trust the local CA.
  std::string CaFile() const { return tls::LocalCertificateFiles(data_dir_ + "/tls").ca.string(); }
  std::shared_ptr<boost::asio::ssl::context> Tls() const {
    return tls::MakeClientContext(CaFile());
  }

  http::Response Send(int offset, std::string_view method, const std::string& target,
                      const std::string& body, const std::string& token) {
    return SendTo(static_cast<std::uint16_t>(base_ + offset), method, target, body, token);
  }
  http::Response SendTo(std::uint16_t port, std::string_view method, const std::string& target,
                        const std::string& body = {}, const std::string& token = {}) {
    http::HttpClient client("127.0.0.1", port, std::chrono::seconds(10), Tls());
    http::HttpClient::Headers headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    return client.Send(method, target, body, headers);
  }

  std::string data_dir_;
  std::uint16_t base_ = 0;
  std::uint16_t console_port_ = 0;
  std::unique_ptr<ChildProcess> system_;
};

TEST_F(EmbeddedDefaultTest, RequiresTokensSignedWithAKeyOfItsOwnThatTheTokenCommandUses) {
  // The key was made at the first start, readable by its owner only.
  const std::filesystem::path key = data_dir_ + "/keys/token-signing-key.pem";
  ASSERT_TRUE(std::filesystem::exists(key));
  struct stat info {};
  ASSERT_EQ(::stat(key.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777U, 0600U);

  const std::string order = R"({"userId":5,"productId":1,"quantity":1,"amount":1000})";
  EXPECT_EQ(Send(0, "POST", "/orders", order, "").status, 401);

  const std::string stocker = Token({"--subject=stocker", "--scope=inventory:write"});
  ASSERT_EQ(
      Send(2, "PUT", "/inventory/1", R"({"productName":"lamp","availableQuantity":3})", stocker)
          .status,
      201);
  const std::string customer = Token({"--user=5"});
  const http::Response created = Send(0, "POST", "/orders", order, customer);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(boost::json::parse(created.body).at("orderId").as_int64());
  EXPECT_TRUE(Eventually(
      [&] {
        const http::Response got = Send(0, "GET", "/orders/" + id, {}, customer);
        return got.status == 200 &&
               boost::json::parse(got.body).at("status").as_string() == "COMPLETED";
      },
      std::chrono::seconds(60)));
  // Another customer's token of the same key does not see it.
  EXPECT_EQ(Send(0, "GET", "/orders/" + id, {}, Token({"--user=6"})).status, 404);

  // The demonstration finds the key too, and runs with an operator's token of its own.
  std::string output;
  EXPECT_EQ(RunSagashop("demo",
                        {"demo", "--data-dir=" + data_dir_,
                         "--http-base-port=" + std::to_string(base_), "--demo-orders=40"},
                        &output),
            0)
      << output;
}

// The console (docs/console.md) comes with embedded mode, over HTTPS with the same certificate, and
// holds no authority of its own: what it forwards needs the caller's token as the service would.
TEST_F(EmbeddedDefaultTest, ServesTheConsoleWhichForwardsOnlyWithTheCallersToken) {
  // The console starts once the services serve, a moment after the order service answered.
  ASSERT_TRUE(Eventually(
      [&] {
        try {
          return SendTo(console_port_, "GET", "/console.json").status == 200;
        } catch (const std::exception&) {
          return false;
        }
      },
      std::chrono::seconds(30), std::chrono::milliseconds(50)));
  const http::Response page = SendTo(console_port_, "GET", "/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("/assets/"), std::string::npos) << "the page loads its own assets";
  EXPECT_NE(page.Header("Content-Security-Policy").value_or("").find("default-src 'self'"),
            std::string::npos);
  const http::Response script = SendTo(console_port_, "GET", "/assets/console.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(SendTo(console_port_, "GET", "/assets/nothing.js").status, 404);
  const boost::json::value listed =
      boost::json::parse(SendTo(console_port_, "GET", "/console.json").body);
  EXPECT_EQ(listed.at("services").as_array().size(), 4u);

  EXPECT_EQ(SendTo(console_port_, "GET", "/api/order/orders").status, 401);
  EXPECT_EQ(SendTo(console_port_, "GET", "/api/nowhere/orders", {}, "x").status, 404);
  const std::string stocker = Token({"--subject=stocker", "--scope=inventory:write"});
  const http::Response put = SendTo(console_port_, "PUT", "/api/inventory/inventory/7",
                                    R"({"productName":"lamp","availableQuantity":3})", stocker);
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(put.Header("Location").value_or(""), "/inventory/7");
  const std::string customer = Token({"--user=5"});
  const http::Response created =
      SendTo(console_port_, "POST", "/api/order/orders",
             R"({"userId":5,"productId":7,"quantity":1,"amount":1000})", customer);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(boost::json::parse(created.body).at("orderId").as_int64());
  // Queries pass through encoded again: a time with its colons, a status.
  const http::Response mine =
      SendTo(console_port_, "GET",
             "/api/order/orders?userId=5&since=2000-01-01T00%3A00%3A00Z&limit=10", {}, customer);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(boost::json::parse(mine.body).at("items").as_array().size(), 1u) << mine.body;
  EXPECT_EQ(SendTo(console_port_, "GET", "/api/order/orders?userId=6", {}, customer).status, 403);
  // An operator's token reaches what operators may: dead letters, stuck sagas, every order.
  const std::string operator_token = Token({"--subject=alice", "--scope=ops"});
  EXPECT_EQ(SendTo(console_port_, "GET", "/api/payment/dead-letters", {}, operator_token).status,
            200);
  EXPECT_EQ(SendTo(console_port_, "GET", "/api/payment/dead-letters", {}, customer).status, 403);
  EXPECT_EQ(
      SendTo(console_port_, "GET", "/api/order/orders/" + id + "/saga", {}, operator_token).status,
      200);
}

TEST(DistributedDefaultTest, RefusesToStartWithoutKeysAndRunsOpenOnlyWhenToldInsecure) {
  const std::vector<std::string> args = {
      "--target=payment",
      "--storage=postgres",
      "--bus=kafka",
      "--cache=redis",
      "--pg-uri=" + RequiredEnv("SAGASHOP_TEST_PG_URI"),
      "--kafka-brokers=" + RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS"),
      "--redis=" + RequiredEnv("SAGASHOP_TEST_REDIS_HOST") + ":" +
          RequiredEnv("SAGASHOP_TEST_REDIS_PORT"),
      "--bus-namespace=secure-default-" + std::to_string(::getpid()),
      "--http-port=" + std::to_string(FreePort())};
  std::string output;
  EXPECT_EQ(RunSagashop("refused", args, &output), 2) << output;
  EXPECT_NE(output.find("--auth-keys"), std::string::npos) << output;
  EXPECT_NE(output.find("--insecure"), std::string::npos) << output;

  // Keys alone are not enough: the API and every server connection need TLS too.
  std::vector<std::string> tokens_only = args;
  tokens_only.insert(tokens_only.end(), {"--auth-keys=keys.pem", "--auth-issuer=idp"});
  EXPECT_EQ(RunSagashop("refused-plaintext", tokens_only, &output), 2) << output;
  EXPECT_NE(output.find("--http-tls-cert"), std::string::npos) << output;

  // --insecure starts (validation passes) and says what it turned off, at once.
  // Plain Kafka too (the stack's environment turns its TLS on): each thing left off is named.
  std::vector<std::string> insecure = args;
  insecure.insert(insecure.end(), {"--insecure", "--kafka-tls=false", "--log-format=text"});
  ChildProcess process(SAGASHOP_BINARY, insecure, LogPath("insecure"));
  const std::vector<std::string> warnings = {"--insecure: authentication is off",
                                             "without TLS that checks the server",
                                             "serving plain HTTP"};
  auto warned = [&] {
    const std::string log = process.LogTail();
    return std::ranges::all_of(warnings, [&](const std::string& warning) {
      return log.find(warning) != std::string::npos;
    });
  };
  EXPECT_TRUE(Eventually([&] { return !process.Running() || warned(); }, std::chrono::seconds(60)));
  EXPECT_TRUE(warned()) << process.LogTail();
}

}  // namespace
}  // namespace sagashop::testing
