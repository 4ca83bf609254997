#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "e2e/console/console_scenario.h"
#include "e2e/support/child_process.h"
#include "e2e/support/simulator_process.h"
#include "e2e/support/system_under_test.h"
#include "platform/tls/local_ca.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr const char* kPlaywrightConfig = SAGASHOP_CONSOLE_TESTS_DIR "/playwright.config.js";

// The program `name` as the shell would find it on PATH ("" when there is none).
std::string OnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream directories(path == nullptr ? "" : path);
  for (std::string directory; std::getline(directories, directory, ':');) {
    const std::filesystem::path candidate = std::filesystem::path(directory) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// The saga console in a real browser, in each mode: the system with its console in front
// (embedded: served by the one process; distributed: a `sagashop console` process of its own),
// the outside world a simulator of its own, and what tests/console's Playwright specs look for made
// through the API and the bus (ConsoleScenario). Then the specs run in Debian's Chromium and must
// all pass: every order found by id, user, status and time, its timeline with every step and its
// compensations, the stuck saga, the dead letters replayed and the order they held back
// completed, the summary from the services' metrics.
class ConsoleTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    outside_world_ = std::make_unique<SimulatorProcess>();
    const std::string outside = "http://127.0.0.1:" + std::to_string(outside_world_->Port());
    console_port_ = FreePort();
    std::vector<std::string> args = {"--payment-provider-url=" + outside,
                                     "--carrier-url=" + outside,
                                     // The stuck saga shows within seconds.
                                     "--saga-stuck-after-seconds=2"};
    if (GetParam() == Mode::kEmbedded) {
      args.push_back("--console-port=" + std::to_string(console_port_));
    }
    system_ = std::make_unique<SystemUnderTest>(GetParam(), args);
    if (GetParam() != Mode::kEmbedded) StartConsoleProcess();
    AwaitConsole();
  }

  void TearDown() override {
    if (HasFailure()) {
      std::cerr << system_->Logs();
      if (console_) std::cerr << "----- console -----\n" << console_->LogTail() << "\n";
    }
    console_.reset();
    system_.reset();
    outside_world_.reset();
  }

  // The folder of the system's certificates (its CA's beside them).
  std::filesystem::path TlsDir() const {
    return std::filesystem::path(system_->CaFile()).parent_path();
  }

  void StartConsoleProcess() {
    const tls::TlsFiles files = tls::LocalCertificateFiles(TlsDir());
    std::vector<std::string> args = {
        "console",
        "--http-host=127.0.0.1",
        "--http-base-port=" + std::to_string(system_->Port("order")),
        "--console-port=" + std::to_string(console_port_),
        "--http-tls-cert=" + files.certificate.string(),
        "--http-tls-key=" + files.private_key.string(),
        "--http-tls-ca=" + files.ca.string(),
    };
    console_ = std::make_unique<ChildProcess>(
        SAGASHOP_BINARY, args,
        std::string(SAGASHOP_E2E_LOG_DIR) + "/console-" + std::to_string(console_port_) + ".log");
  }

  void AwaitConsole() {
    const bool serving = Eventually(
        [&] {
          if (console_ && !console_->Running()) return true;
          try {
            http::HttpClient client("127.0.0.1", console_port_, std::chrono::seconds(2),
                                    system_->Tls());
            return client.Send("GET", "/console.json").status == 200;
          } catch (const std::exception&) {
            return false;
          }
        },
        std::chrono::seconds(60), std::chrono::milliseconds(100));
    ASSERT_TRUE(serving && (!console_ || console_->Running()))
        << "the console did not answer GET /console.json on port " << console_port_;
  }

  // `npx playwright test --project=<project>` of tests/console against this system; its exit
  // status, and what it printed in `output`.
  int RunPlaywright(const std::string& project, const std::string& scenario_file,
                    std::string* output) {
    const std::string node = OnPath("node");
    EXPECT_FALSE(node.empty()) << "no node on PATH (scripts/install-deps.sh installs it)";
    const char* modules_dir = std::getenv("SAGASHOP_TEST_CONSOLE_NODE_MODULES");
    if (modules_dir == nullptr || *modules_dir == '\0') {
      throw std::runtime_error(
          "SAGASHOP_TEST_CONSOLE_NODE_MODULES is not set: run `make test`, or first `source "
          "scripts/lib/common.sh && source scripts/lib/console_tests.sh && console_tests_prepare`");
    }
    const std::string modules = modules_dir;
    const std::string dir = std::string(SAGASHOP_E2E_LOG_DIR) + "/console-" + ModeName(GetParam()) +
                            "-" + std::to_string(console_port_);
    std::vector<std::string> environment = {
        "NODE_PATH=" + modules,
        "SAGASHOP_CONSOLE_URL=https://127.0.0.1:" + std::to_string(console_port_) + "/",
        "SAGASHOP_CONSOLE_TOKEN=" +
            system_->TokenArgs().at(0).substr(std::string("--token=").size()),
        "SAGASHOP_CONSOLE_SCENARIO=" + scenario_file,
        "SAGASHOP_CONSOLE_CERT=" + tls::LocalCertificateFiles(TlsDir()).certificate.string(),
        "SAGASHOP_CONSOLE_RESULTS=" + dir + "/" + project,
    };
    if (const char* shots = std::getenv("SAGASHOP_CONSOLE_SCREENSHOTS")) {
      environment.push_back(std::string("SAGASHOP_CONSOLE_SCREENSHOTS=") + shots);
    }
    ChildProcess playwright(node,
                            {modules + "/@playwright/test/cli.js", "test", "--config",
                             kPlaywrightConfig, "--project=" + project},
                            dir + "-" + project + ".log", environment);
    const int status = playwright.WaitForExit(std::chrono::minutes(5));
    *output = playwright.LogTail(200'000);
    return status;
  }

  std::unique_ptr<SimulatorProcess> outside_world_;
  std::unique_ptr<SystemUnderTest> system_;
  std::unique_ptr<ChildProcess> console_;
  std::uint16_t console_port_ = 0;
};

TEST_P(ConsoleTest, EveryViewWorksInABrowser) {
  ConsoleScenario scenario(*system_, *outside_world_);
  scenario.Make();
  const std::string scenario_file = std::string(SAGASHOP_E2E_LOG_DIR) + "/console-scenario-" +
                                    ModeName(GetParam()) + "-" + std::to_string(console_port_) +
                                    ".json";
  std::ofstream(scenario_file) << boost::json::serialize(scenario.Json());

  std::string output;
  const int status = RunPlaywright("console", scenario_file, &output);
  EXPECT_EQ(status, 0) << output;
  // Every spec ran and passed: Playwright's list reporter ends with "N passed".
  EXPECT_NE(output.find(" passed ("), std::string::npos) << output;
  EXPECT_EQ(output.find(" failed"), std::string::npos) << output;
  EXPECT_EQ(output.find(" skipped"), std::string::npos) << output;

  // scripts/console-screenshots.sh asks for the pictures of docs/console.md.
  if (std::getenv("SAGASHOP_CONSOLE_SCREENSHOTS") != nullptr && GetParam() == Mode::kEmbedded) {
    EXPECT_EQ(RunPlaywright("screenshots", scenario_file, &output), 0) << output;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ConsoleTest, ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
