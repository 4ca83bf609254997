#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "e2e/support/child_process.h"
#include "e2e/support/system_under_test.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

// How many cases schemathesis makes per operation and phase, and which phases run: a short run in
// make test, a longer one with `make api-fuzz` (SAGASHOP_SCHEMATHESIS_MAX_EXAMPLES, and _PHASES,
// which can add the stateful phase: chains of calls along the links schemathesis infers. In
// schemathesis 4.32 that phase now and then gives up on the inventory service with "no progress
// can be made", an error of its own state machine rather than a finding, so make test leaves it
// out). SAGASHOP_SCHEMATHESIS_SEED replays a run.
std::string FromEnv(const char* name, const std::string& otherwise) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : otherwise;
}

std::string BearerToken(const SystemUnderTest& system) {
  for (const auto& [name, value] : system.AuthHeaders()) {
    if (name == "Authorization") return value;
  }
  return "";
}

class SchemathesisTest : public ::testing::TestWithParam<Mode> {};

// Schemathesis (PyPI) reads each service's own document at GET /openapi.json and sends it what the
// document allows and what it does not, along every operation, then checks every answer: no server
// error, a status, content type, headers and body the document allows, invalid input refused,
// valid input accepted, a token actually required where the document says so. Nothing is mocked:
// the system runs as in production, with TLS and authentication on.
TEST_P(SchemathesisTest, EveryServiceKeepsToItsOpenApiDocument) {
  SystemUnderTest system(GetParam());
  const std::string log_dir = std::string(SAGASHOP_E2E_LOG_DIR) + "/schemathesis-" +
                              ModeName(GetParam()) + "-" + std::to_string(::getpid());
  std::filesystem::create_directories(log_dir);
  for (const std::string& service : SystemUnderTest::Services()) {
    const std::string base = "https://127.0.0.1:" + std::to_string(system.Port(service));
    std::vector<std::string> args = {"--config-file",
                                     SAGASHOP_SCHEMATHESIS_DIR "/schemathesis.toml", "run",
                                     base + "/openapi.json"};
    const std::vector<std::pair<std::string, std::string>> options = {
        {"--url", base},
        {"--tls-verify", system.CaFile()},
        {"--header", "Authorization: " + BearerToken(system)},
        {"--checks", "all"},
        {"--max-examples", FromEnv("SAGASHOP_SCHEMATHESIS_MAX_EXAMPLES", "25")},
        {"--phases", FromEnv("SAGASHOP_SCHEMATHESIS_PHASES", "examples,coverage,fuzzing")},
        {"--workers", "1"},
        {"--request-timeout", "30"},
    };
    for (const auto& [flag, value] : options) args.insert(args.end(), {flag, value});
    args.emplace_back("--no-color");
    if (const std::string seed = FromEnv("SAGASHOP_SCHEMATHESIS_SEED", ""); !seed.empty()) {
      args.insert(args.end(), {"--seed", seed});
    }
    const std::string log = log_dir + "/" + service + ".log";
    ChildProcess schemathesis(
        RequiredEnv("SAGASHOP_TEST_SCHEMATHESIS"), args, log,
        {"SCHEMATHESIS_HOOKS=schemathesis_hooks", "PYTHONPATH=" SAGASHOP_SCHEMATHESIS_DIR});
    const int status = schemathesis.WaitForExit(std::chrono::minutes(10));
    EXPECT_EQ(status, 0) << service << " (" << ModeName(GetParam())
                         << "): schemathesis found what the document does not allow; its report, "
                            "with a curl line to replay each case, is in "
                         << log << ":\n"
                         << schemathesis.LogTail(12000);
    std::cout << service << ": " << schemathesis.LogTail(400) << std::endl;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, SchemathesisTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
