#include "bench/bench_result.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <sstream>

namespace sagashop::bench {
namespace {

BenchResult SampleResult() {
  BenchResult result;
  result.loop = "open";
  result.rate = 100;
  result.connections = 8;
  result.duration_s = 4;
  result.warmup_s = 1;
  result.mix = "ok=3,declined=1,short=0,undeliverable=0";
  result.sent = 400;
  result.accepted = 398;
  result.sagas_ended_in_window = 390;
  for (std::int64_t v = 1; v <= 1000; ++v) result.post.Record(v * 10);  // 10 µs .. 10 ms
  PathOutcome& ok = result.paths[OrderPath::kOk];
  ok.placed = 300;
  ok.as_expected = 300;
  for (std::int64_t v = 1; v <= 300; ++v) ok.saga.Record(v * 1000);
  result.saga.Merge(ok.saga);
  result.paths[OrderPath::kDeclined].placed = 98;
  result.paths[OrderPath::kDeclined].unfinished = 98;
  result.errors["http_503"] = 2;
  result.errors["saga_unfinished"] = 98;
  return result;
}

TEST(BenchResultTest, JsonCarriesTheFiguresInMilliseconds) {
  const boost::json::value json =
      boost::json::parse(boost::json::serialize(ToJson(SampleResult())));
  const auto& root = json.as_object();
  EXPECT_EQ(root.at("loop").as_string(), "open");
  EXPECT_EQ(root.at("sent").as_int64(), 400);
  EXPECT_EQ(root.at("accepted").as_int64(), 398);
  EXPECT_DOUBLE_EQ(root.at("acceptedPerSecond").as_double(), 99.5);
  EXPECT_DOUBLE_EQ(root.at("sagasPerSecond").as_double(), 97.5);
  EXPECT_EQ(root.at("errorCount").as_int64(), 100);
  EXPECT_EQ(root.at("errors").at("http_503").as_int64(), 2);
  const auto& post = root.at("postLatencyMs").as_object();
  EXPECT_EQ(post.at("count").as_int64(), 1000);
  EXPECT_DOUBLE_EQ(post.at("min").as_double(), 0.01);
  EXPECT_DOUBLE_EQ(post.at("max").as_double(), 10.0);
  EXPECT_NEAR(post.at("p50").as_double(), 5.0, 5.0 * LatencyHistogram::kRelativePrecision);
  const auto& saga = root.at("sagaLatencyMs").as_object();
  double previous = 0;
  for (const char* key : {"p50", "p95", "p99", "p999", "max"}) {
    EXPECT_GE(saga.at(key).as_double(), previous) << key;
    previous = saga.at(key).as_double();
  }
  const auto& paths = root.at("paths").as_object();
  EXPECT_EQ(paths.at("ok").at("asExpected").as_int64(), 300);
  EXPECT_EQ(paths.at("declined").at("unfinished").as_int64(), 98);
  EXPECT_EQ(paths.at("ok").at("sagaLatencyMs").at("count").as_int64(), 300);
}

TEST(BenchResultTest, TableNamesEachFigure) {
  std::ostringstream table;
  PrintTable(SampleResult(), table);
  for (const char* expected :
       {"Open loop at 100.0 orders/s", "POST /orders", "saga, ok", "saga, declined", "http_503 2",
        "saga_unfinished 98", "ok 300/300"}) {
    EXPECT_NE(table.str().find(expected), std::string::npos) << expected << "\n" << table.str();
  }
}

}  // namespace
}  // namespace sagashop::bench
