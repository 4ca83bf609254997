#include "services/common/http_params.h"

#include <gtest/gtest.h>

#include "platform/http/problem.h"

namespace sagashop::services {
namespace {

TEST(HttpParamsTest, AnIdIsAPositiveIntegerHoweverAClientWritesIt) {
  EXPECT_EQ(PositiveIdParam("id", "42"), 42);
  // Integers as JSON Schema has them (api/openapi.json): a number without a fraction.
  EXPECT_EQ(PositiveIdParam("id", "194252429.0"), 194252429);
  EXPECT_EQ(PositiveIdParam("id", "1e3"), 1000);
  EXPECT_EQ(PositiveIdParam("id", "1e+16"), 10'000'000'000'000'000);
}

TEST(HttpParamsTest, AnythingElseIsRefusedNamingTheParameter) {
  for (const char* text : {"", "0", "-3", "1.5", "abc", "12abc", "1e19", "9223372036854775808",
                           "inf", "nan", " 1", "0x10"}) {
    try {
      PositiveIdParam("orderId", text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const http::ProblemError& error) {
      EXPECT_EQ(error.GetProblem().status, 400) << text;
      EXPECT_EQ(error.GetProblem().field, "orderId") << text;
    }
  }
}

}  // namespace
}  // namespace sagashop::services
