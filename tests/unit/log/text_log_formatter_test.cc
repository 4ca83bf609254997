#include "platform/log/text_log_formatter.h"

#include <gtest/gtest.h>

#include "format_line.h"
#include "platform/log/log_scope.h"

namespace sagashop::log {
namespace {

using testing::FormatLine;

TEST(TextLogFormatterTest, WritesOneReadableLine) {
  TextLogFormatter formatter("sagashop");
  EXPECT_EQ(FormatLine(formatter, "started", spdlog::level::warn),
            "2024-05-01T12:00:00.123Z warn  [sagashop] started\n");
}

TEST(TextLogFormatterTest, AppendsTheFieldsTheScopeKnows) {
  TextLogFormatter formatter("sagashop");
  const LogScope scope({.service = "delivery", .order_id = "7", .trace_id = "abc"});
  EXPECT_EQ(FormatLine(formatter, "applied"),
            "2024-05-01T12:00:00.123Z info  [delivery] applied (orderId=7 traceId=abc)\n");
}

TEST(TextLogFormatterTest, MasksTheMessageToo) {
  TextLogFormatter formatter("sagashop");
  const std::string line = FormatLine(formatter, R"({"address":"Seoul"})");
  EXPECT_EQ(line.find("Seoul"), std::string::npos) << line;
}

}  // namespace
}  // namespace sagashop::log
