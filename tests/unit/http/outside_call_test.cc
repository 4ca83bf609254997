#include "platform/http/outside_call.h"

#include <gtest/gtest.h>

namespace sagashop::http {
namespace {

AsyncResult Answer(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::string ReasonOf(const std::variant<boost::json::object, Unavailable>& outcome) {
  const auto* unavailable = std::get_if<Unavailable>(&outcome);
  return unavailable != nullptr ? unavailable->reason : "(answered)";
}

TEST(OutsideCallTest, A200WithAJsonObjectIsTheAnswer) {
  const auto outcome = OkJsonOrUnavailable(Answer(200, R"({"id":"ch_1"})"), "POST /v1/charges");
  ASSERT_TRUE(std::holds_alternative<boost::json::object>(outcome));
  EXPECT_EQ(std::get<boost::json::object>(outcome).at("id").as_string(), "ch_1");
}

TEST(OutsideCallTest, NoAnswerTooManyRequestsAndServerErrorsAreUnavailable) {
  EXPECT_EQ(ReasonOf(OkJsonOrUnavailable(AsyncFailure{"timed out", true}, "POST /v1/charges")),
            "POST /v1/charges: timed out");
  for (const int status : {429, 500, 502, 503, 504}) {
    const std::string reason = ReasonOf(OkJsonOrUnavailable(Answer(status, "{}"), "call"));
    EXPECT_EQ(reason.rfind("call answered " + std::to_string(status), 0), 0u) << reason;
  }
}

TEST(OutsideCallTest, ARejectionIsUnavailableWithAReasonSayingSo) {
  for (const int status : {400, 404, 409, 422}) {
    const std::string reason = ReasonOf(OkJsonOrUnavailable(Answer(status, "{}"), "call"));
    EXPECT_NE(reason.find("rejected with " + std::to_string(status)), std::string::npos) << reason;
  }
  EXPECT_NE(ReasonOf(OkJsonOrUnavailable(Answer(201, "{}"), "call")).find("rejected"),
            std::string::npos);
}

TEST(OutsideCallTest, A200ThatIsNoJsonObjectIsAnUnexpectedAnswer) {
  for (const char* body : {"", "[]", "<html>", "\"text\""}) {
    EXPECT_NE(ReasonOf(OkJsonOrUnavailable(Answer(200, body), "call")).find("unexpected answer"),
              std::string::npos)
        << body;
  }
}

}  // namespace
}  // namespace sagashop::http
