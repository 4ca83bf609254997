#include <gtest/gtest.h>

#include <string>

#include "e2e/support/child_process.h"
#include "e2e/support/system_under_test.h"

namespace sagashop::testing {
namespace {

// What `make run` shows a newcomer: the demonstration drives every path of the saga through the
// public API and says whether each ended as it should.
TEST(DemoTest, EveryPathEndsAsItShouldInEmbeddedMode) {
  SystemUnderTest system(Mode::kEmbedded);
  const std::string log =
      std::string(SAGASHOP_E2E_LOG_DIR) + "/demo-" + std::to_string(system.Port("order")) + ".log";
  std::vector<std::string> args = {
      "demo", "--http-base-port=" + std::to_string(system.Port("order")), "--demo-orders=60"};
  for (std::string& arg : system.TokenArgs()) args.push_back(std::move(arg));
  for (std::string& arg : system.ClientTlsArgs()) args.push_back(std::move(arg));
  ChildProcess demo(SAGASHOP_BINARY, args, log);
  const int status = demo.WaitForExit(std::chrono::seconds(120));
  const std::string output = demo.LogTail(20000);
  ASSERT_EQ(status, 0) << output << system.Logs();
  for (const char* expected :
       {"60 orders placed, 60 finished", "COMPLETED", "CANCELED", "completed 33", "out of stock 9",
        "payment declined 9", "undeliverable 9", "compensations: 18 refunds, 9 stock releases",
        "saga latency", "delivery.failed.v1", "payment.refunded.v1", "stock.released.v1",
        "Every path ended as it should."}) {
    EXPECT_NE(output.find(expected), std::string::npos) << "missing '" << expected << "' in\n"
                                                        << output;
  }
  std::string report;
  EXPECT_EQ(system.Verify(&report), 0) << report;
}

}  // namespace
}  // namespace sagashop::testing
