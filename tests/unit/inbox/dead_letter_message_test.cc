#include "platform/inbox/dead_letter_message.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "platform/core/utf8.h"

namespace sagashop::inbox {
namespace {

using namespace std::string_view_literals;

bus::IncomingMessage Poison() {
  return {.topic = "order.created.v1",
          .partition = 2,
          .offset = 41,
          .key = "7",
          .value = R"({"eventId": oops)",
          .headers = {{"ce_id", "e-1"},
                      {"ce_type", "order.created.v1"},
                      {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}}};
}

ParkingReason Reason() {
  return {.consumer = "payment",
          .error = "malformed event: event: malformed JSON",
          .error_class = "sagashop::contracts::MalformedEvent",
          .attempts = 3,
          .time = "2026-11-25T01:31:08.123456Z"};
}

std::vector<std::string> Keys(const std::vector<bus::Header>& headers) {
  std::vector<std::string> keys;
  for (const bus::Header& header : headers) keys.push_back(header.key);
  return keys;
}

std::string ValueOf(const std::vector<bus::Header>& headers, std::string_view key) {
  for (const bus::Header& header : headers) {
    if (header.key == key) return header.value;
  }
  return "<absent>";
}

TEST(DeadLetterMessageTest, CarriesTheOriginalMessageThenWhyWhereAndWhen) {
  const bus::OutgoingMessage parked = BuildDeadLetterMessage(Poison(), Reason());
  EXPECT_EQ(parked.topic, "order.created.v1.dlt");
  EXPECT_EQ(parked.key, "7");
  EXPECT_EQ(parked.value, R"({"eventId": oops)");
  EXPECT_EQ(
      Keys(parked.headers),
      (std::vector<std::string>{"ce_id", "ce_type", "traceparent", "dlt_error", "dlt_error_class",
                                "dlt_attempts", "dlt_consumer", "dlt_original_topic",
                                "dlt_original_partition", "dlt_original_offset", "dlt_time"}));
  EXPECT_EQ(ValueOf(parked.headers, "traceparent"),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_error"), "malformed event: event: malformed JSON");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_error_class"), "sagashop::contracts::MalformedEvent");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_attempts"), "3");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_consumer"), "payment");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_original_topic"), "order.created.v1");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_original_partition"), "2");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_original_offset"), "41");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_time"), "2026-11-25T01:31:08.123456Z");
}

TEST(DeadLetterMessageTest, ErrorTextIsBoundedAndText) {
  ParkingReason reason = Reason();
  reason.error = std::string(5000, 'x') + "\xFF";
  EXPECT_EQ(ValueOf(BuildDeadLetterMessage(Poison(), reason).headers, "dlt_error").size(), 2000u);
  reason.error = "unknown eventType '\xFF\xFE'";
  const std::string error = ValueOf(BuildDeadLetterMessage(Poison(), reason).headers, "dlt_error");
  EXPECT_TRUE(IsStorableText(error));
  EXPECT_TRUE(error.starts_with("unknown eventType '"));
}

TEST(DeadLetterMessageTest, ReplayRestoresTheOriginalAndNamesTheDeadLetter) {
  const bus::OutgoingMessage parked = BuildDeadLetterMessage(Poison(), Reason());
  const DeadLetter dead_letter{.id = 4,
                               .consumer = "payment",
                               .event_id = "e-1",
                               .event_type = "order.created.v1",
                               .topic = "order.created.v1",
                               .partition = 2,
                               .offset = 41,
                               .key = parked.key,
                               .value = parked.value,
                               .headers = parked.headers};
  const bus::OutgoingMessage replay = BuildReplayMessage(dead_letter);
  EXPECT_EQ(replay.topic, "order.created.v1");
  EXPECT_EQ(replay.key, "7");
  EXPECT_EQ(replay.value, R"({"eventId": oops)");
  EXPECT_EQ(Keys(replay.headers),
            (std::vector<std::string>{"ce_id", "ce_type", "traceparent", "dlt_replay_of"}));
  EXPECT_EQ(ValueOf(replay.headers, "dlt_replay_of"), "payment-4");
}

TEST(DeadLetterMessageTest, AReplayParkedAgainKeepsOneSetOfDeadLetterHeaders) {
  bus::IncomingMessage replayed = Poison();
  // As it arrives after a replay: with the replay's header, and stale dlt_* headers that some
  // other tool may have left on it.
  replayed.headers.push_back({"dlt_replay_of", "payment-4"});
  replayed.headers.push_back({"dlt_error", "an older error"});
  replayed.headers.push_back({"dlt_attempts", "9"});
  const bus::OutgoingMessage parked = BuildDeadLetterMessage(replayed, Reason());
  int errors = 0;
  int attempts = 0;
  for (const bus::Header& header : parked.headers) {
    errors += header.key == "dlt_error" ? 1 : 0;
    attempts += header.key == "dlt_attempts" ? 1 : 0;
  }
  EXPECT_EQ(errors, 1);
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(ValueOf(parked.headers, "dlt_error"), "malformed event: event: malformed JSON");
  EXPECT_EQ(ValueOf(parked.headers, "dlt_replay_of"), "payment-4");
}

TEST(DeadLetterMessageTest, ErrorClassNamesTheDynamicType) {
  const std::invalid_argument invalid("bad");
  const std::exception& as_base = invalid;
  EXPECT_EQ(ErrorClassOf(as_base), "std::invalid_argument");
}

}  // namespace
}  // namespace sagashop::inbox
