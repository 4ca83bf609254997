#include "platform/http/problem.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "platform/http/json_response.h"

namespace sagashop::http {
namespace {

boost::json::object Body(const Response& response) {
  return boost::json::parse(response.body).as_object();
}

TEST(ProblemTest, RendersRfc9457MembersWithAboutBlankByDefault) {
  const Response response = ToResponse(NotFound("No order 12."));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = Body(response);
  EXPECT_EQ(body.at("type").as_string(), "about:blank");
  EXPECT_EQ(body.at("title").as_string(), "Not Found");
  EXPECT_EQ(body.at("status").as_int64(), 404);
  EXPECT_EQ(body.at("detail").as_string(), "No order 12.");
  EXPECT_FALSE(body.contains("invalid-params"));
}

TEST(ProblemTest, NamesTheFieldAtFaultAsInvalidParams) {
  const auto body = Body(ToResponse(BadRequest("quantity", "quantity must be between 1 and 1000")));
  EXPECT_EQ(body.at("status").as_int64(), 400);
  EXPECT_EQ(body.at("title").as_string(), "Bad Request");
  const auto& params = body.at("invalid-params").as_array();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].at("name").as_string(), "quantity");
  EXPECT_EQ(params[0].at("reason").as_string(), "quantity must be between 1 and 1000");
}

TEST(ProblemTest, QuotedClientBytesThatAreNotUtf8StillMakeValidJson) {
  // A path segment of percent-encoded bytes, quoted and cut in the middle of a character.
  const std::string quoted = "must be a positive integer, got '\xEB\x94\xA3\xC2'";
  const Response response = ToResponse(BadRequest("id", quoted));
  boost::system::error_code error;
  const boost::json::value body = boost::json::parse(response.body, error);  // refuses bad UTF-8
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(body.at("detail").as_string(),
            "must be a positive integer, got '\xEB\x94\xA3\xEF\xBF\xBD'");
}

TEST(ProblemTest, KeepsAGivenTypeAndTitle) {
  Problem problem{409, "Order already paid", "Order 7 is already paid.", "", "/problems/paid"};
  const auto body = Body(ToResponse(problem));
  EXPECT_EQ(body.at("type").as_string(), "/problems/paid");
  EXPECT_EQ(body.at("title").as_string(), "Order already paid");
}

TEST(ProblemTest, MakersUseTheStandardStatusAndTitle) {
  EXPECT_EQ(Conflict("x").status, 409);
  EXPECT_EQ(Conflict("x").title, "Conflict");
  EXPECT_EQ(UnprocessableContent("x").status, 422);
  EXPECT_EQ(UnprocessableContent("x").title, "Unprocessable Content");
  EXPECT_EQ(PayloadTooLarge("x").status, 413);
  EXPECT_EQ(PayloadTooLarge("x").title, "Content Too Large");
}

TEST(ProblemTest, ProblemErrorCarriesItsProblem) {
  try {
    throw ProblemError(Conflict("Order 7 is already paid."));
  } catch (const ProblemError& error) {
    EXPECT_EQ(error.GetProblem().status, 409);
    EXPECT_STREQ(error.what(), "Order 7 is already paid.");
  }
}

TEST(JsonResponseTest, SerializesTheValue) {
  const Response response = JsonResponse(201, {{"orderId", 123}, {"status", "PENDING"}});
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(boost::json::parse(response.body),
            (boost::json::value{{"orderId", 123}, {"status", "PENDING"}}));
}

}  // namespace
}  // namespace sagashop::http
