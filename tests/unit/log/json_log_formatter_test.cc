#include "platform/log/json_log_formatter.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "format_line.h"
#include "platform/log/log_scope.h"

namespace sagashop::log {
namespace {

using testing::FormatLine;

boost::json::object ParseLine(const std::string& line) {
  EXPECT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n') << "one line per message";
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "no line break inside: " << line;
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(line, error);
  EXPECT_FALSE(error) << error.message() << " in: " << line;
  EXPECT_TRUE(value.is_object()) << line;
  return value.is_object() ? value.as_object() : boost::json::object{};
}

TEST(JsonLogFormatterTest, WritesTimeLevelServiceAndMessageWithoutAScope) {
  JsonLogFormatter formatter("sagashop");
  const boost::json::object line = ParseLine(FormatLine(formatter, "started"));
  EXPECT_EQ(line.at("time"), "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(line.at("level"), "info");
  EXPECT_EQ(line.at("service"), "sagashop");
  EXPECT_EQ(line.at("message"), "started");
  EXPECT_FALSE(line.contains("orderId"));
  EXPECT_FALSE(line.contains("sagaId"));
  EXPECT_FALSE(line.contains("eventId"));
  EXPECT_FALSE(line.contains("traceId"));
  EXPECT_EQ(line.size(), 4U);
}

TEST(JsonLogFormatterTest, NamesEveryLevelAsTheFlagsDo) {
  JsonLogFormatter formatter("x");
  const std::pair<spdlog::level::level_enum, const char*> levels[] = {
      {spdlog::level::trace, "trace"}, {spdlog::level::debug, "debug"},
      {spdlog::level::info, "info"},   {spdlog::level::warn, "warn"},
      {spdlog::level::err, "error"},   {spdlog::level::critical, "critical"}};
  for (const auto& [level, name] : levels) {
    EXPECT_EQ(ParseLine(FormatLine(formatter, "m", level)).at("level"), name);
  }
}

TEST(JsonLogFormatterTest, CarriesTheFieldsTheScopeKnows) {
  JsonLogFormatter formatter("sagashop");
  const LogScope scope({.service = "payment",
                        .order_id = "12",
                        .saga_id = "6f1c1c8e-0000-4000-8000-000000000001",
                        .event_id = "9a0b0000-0000-4000-8000-000000000002",
                        .trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"});
  const boost::json::object line = ParseLine(FormatLine(formatter, "applied"));
  EXPECT_EQ(line.at("service"), "payment");
  EXPECT_EQ(line.at("orderId"), 12) << "a number, as the API writes it";
  EXPECT_EQ(line.at("sagaId"), "6f1c1c8e-0000-4000-8000-000000000001");
  EXPECT_EQ(line.at("eventId"), "9a0b0000-0000-4000-8000-000000000002");
  EXPECT_EQ(line.at("traceId"), "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(JsonLogFormatterTest, LeavesOutWhatTheScopeDoesNotKnow) {
  JsonLogFormatter formatter("sagashop");
  const LogScope scope({.service = "order", .trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"});
  const boost::json::object line = ParseLine(FormatLine(formatter, "GET /orders answered 200"));
  EXPECT_EQ(line.at("service"), "order");
  EXPECT_TRUE(line.contains("traceId"));
  EXPECT_FALSE(line.contains("orderId"));
  EXPECT_FALSE(line.contains("sagaId"));
  EXPECT_FALSE(line.contains("eventId"));
}

TEST(JsonLogFormatterTest, AnOrderIdThatIsNotANumberStaysAString) {
  JsonLogFormatter formatter("sagashop");
  const LogScope scope({.order_id = "x12"});
  EXPECT_EQ(ParseLine(FormatLine(formatter, "m")).at("orderId"), "x12");
}

TEST(JsonLogFormatterTest, EscapesQuotesBackslashesAndControlCharacters) {
  JsonLogFormatter formatter("sagashop");
  const std::string message = std::string("say \"hi\" \\ path\nnext\tline\r\b\f") + '\x01' + '\x1f';
  const std::string line = FormatLine(formatter, message);
  EXPECT_NE(line.find(R"(say \"hi\" \\ path\nnext\tline\r\b\f\u0001\u001f)"), std::string::npos)
      << line;
  EXPECT_EQ(ParseLine(line).at("message").as_string(), message);
}

TEST(JsonLogFormatterTest, EscapesAServiceOrFieldThatNeedsIt) {
  JsonLogFormatter formatter("sagashop");
  const LogScope scope({.service = "a\"b", .saga_id = "line\nbreak"});
  const boost::json::object line = ParseLine(FormatLine(formatter, "m"));
  EXPECT_EQ(line.at("service"), "a\"b");
  EXPECT_EQ(line.at("sagaId"), "line\nbreak");
}

TEST(JsonLogFormatterTest, KeepsUtf8AndReplacesBytesThatAreNotUtf8) {
  JsonLogFormatter formatter("sagashop");
  EXPECT_EQ(ParseLine(FormatLine(formatter, "서울 ✓ 😀")).at("message").as_string(), "서울 ✓ 😀");
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate.
  const std::string bad = std::string("a\x80") + "b\xE2\x82" + "c\xC0\xAF" + "d\xED\xA0\x80";
  const boost::json::object line = ParseLine(FormatLine(formatter, bad));
  const std::string message(line.at("message").as_string());
  EXPECT_EQ(message.substr(0, 1), "a");
  EXPECT_NE(message.find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD stands in";
  EXPECT_NE(message.find('d'), std::string::npos);
}

TEST(JsonLogFormatterTest, MasksAddressesAndCardNumbersInTheMessage) {
  JsonLogFormatter formatter("sagashop");
  const std::string line = FormatLine(
      formatter, R"(body {"address":"12 Secret Street","amount":5} card 4111 1111 1111 1111)");
  EXPECT_EQ(line.find("Secret Street"), std::string::npos) << line;
  EXPECT_EQ(line.find("4111 1111 1111 1111"), std::string::npos) << line;
  const boost::json::object parsed = ParseLine(line);
  EXPECT_NE(std::string(parsed.at("message").as_string()).find("**** **** **** 1111"),
            std::string::npos)
      << line;
}

TEST(JsonLogFormatterTest, EveryLineOfManyMessagesParses) {
  JsonLogFormatter formatter("sagashop");
  for (int c = 0; c < 256; ++c) {
    const std::string message = "byte " + std::string(1, static_cast<char>(c)) + " end";
    ParseLine(FormatLine(formatter, message));
  }
}

}  // namespace
}  // namespace sagashop::log
