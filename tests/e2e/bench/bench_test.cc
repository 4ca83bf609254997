#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "e2e/support/child_process.h"
#include "e2e/support/system_under_test.h"

namespace sagashop::testing {
namespace {

boost::json::object ReadJson(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return boost::json::parse(text.str()).as_object();
}

void ExpectOrderedPercentiles(const boost::json::object& latency, const std::string& what) {
  double previous = latency.at("min").as_double();
  EXPECT_GE(previous, 0) << what;
  for (const char* key : {"p50", "p95", "p99", "p999", "max"}) {
    EXPECT_GE(latency.at(key).as_double(), previous) << what << " " << key;
    previous = latency.at(key).as_double();
  }
}

// A few seconds of every saga path at a low rate: every order is counted, every saga ends as
// its path should, and the figures are consistent with each other. No figure is judged for
// speed: the machine running the tests is not a benchmark machine.
TEST(BenchTest, OpenLoopRunAgainstEmbeddedModeReportsEverySaga) {
  SystemUnderTest system(Mode::kEmbedded);
  const std::string prefix =
      std::string(SAGASHOP_E2E_LOG_DIR) + "/bench-" + std::to_string(system.Port("order"));
  std::vector<std::string> args = {"bench",
                                   "--order-port=" + std::to_string(system.Port("order")),
                                   "--inventory-port=" + std::to_string(system.Port("inventory")),
                                   "--rate=40",
                                   "--duration=3",
                                   "--warmup=1",
                                   "--connections=4",
                                   "--mix=ok=5,declined=1,short=1,undeliverable=1",
                                   "--no-progress",
                                   "--out=" + prefix + ".json"};
  for (std::string& arg : system.TokenArgs()) args.push_back(std::move(arg));
  for (std::string& arg : system.ClientTlsArgs()) args.push_back(std::move(arg));
  ChildProcess bench(SAGASHOP_BINARY, args, prefix + ".log");
  const int status = bench.WaitForExit(std::chrono::seconds(120));
  ASSERT_EQ(status, 0) << bench.LogTail(20000) << system.Logs();

  const boost::json::object result = ReadJson(prefix + ".json");
  EXPECT_EQ(result.at("loop").as_string(), "open");
  EXPECT_EQ(result.at("errorCount").as_int64(), 0) << boost::json::serialize(result);
  // 3 measured seconds at 40/s: the schedule's 120 orders, each accepted.
  EXPECT_EQ(result.at("sent").as_int64(), 120);
  EXPECT_EQ(result.at("accepted").as_int64(), 120);
  EXPECT_GT(result.at("sagasEndedInWindow").as_int64(), 0);
  EXPECT_GT(result.at("sagasPerSecond").as_double(), 0);
  const auto& post = result.at("postLatencyMs").as_object();
  EXPECT_EQ(post.at("count").as_int64(), 120);
  ExpectOrderedPercentiles(post, "POST");
  const auto& saga = result.at("sagaLatencyMs").as_object();
  EXPECT_EQ(saga.at("count").as_int64(), 120);
  ExpectOrderedPercentiles(saga, "saga");
  // A saga cannot end before its order was accepted.
  EXPECT_GE(saga.at("min").as_double(), post.at("min").as_double());

  std::int64_t placed = 0;
  const auto& paths = result.at("paths").as_object();
  for (const char* path : {"ok", "declined", "short", "undeliverable"}) {
    const auto& outcome = paths.at(path).as_object();
    EXPECT_GT(outcome.at("placed").as_int64(), 0) << path;
    EXPECT_EQ(outcome.at("asExpected").as_int64(), outcome.at("placed").as_int64()) << path;
    EXPECT_EQ(outcome.at("unfinished").as_int64(), 0) << path;
    ExpectOrderedPercentiles(outcome.at("sagaLatencyMs").as_object(), path);
    placed += outcome.at("placed").as_int64();
  }
  EXPECT_EQ(placed, 160);  // warm-up included: 4 s at 40/s
  // 5 of every 8 orders take the happy path.
  EXPECT_EQ(paths.at("ok").at("placed").as_int64(), 100);

  const std::string table = bench.LogTail(20000);
  EXPECT_NE(table.find("POST /orders"), std::string::npos) << table;
  EXPECT_NE(table.find("saga, undeliverable"), std::string::npos) << table;
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
}

}  // namespace
}  // namespace sagashop::testing
