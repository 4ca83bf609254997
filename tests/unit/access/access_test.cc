// Who may see and do what, from a request's principal (docs/security.md, Authorization).
#include "services/common/access.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "platform/http/problem.h"

namespace sagashop::services {
namespace {

http::Request WithPrincipal(std::string subject, std::vector<std::string> scopes) {
  http::Request request;
  request.principal = http::Principal{.subject = std::move(subject), .scopes = std::move(scopes)};
  return request;
}

// The status and field of the problem `action` throws; 0 when it throws nothing.
template <class Action>
std::pair<int, std::string> ProblemOf(Action&& action) {
  try {
    action();
  } catch (const http::ProblemError& error) {
    return {error.GetProblem().status, error.GetProblem().field};
  }
  return {0, ""};
}

TEST(AccessTest, WithoutAuthenticationEverythingIsAllowed) {
  const Access access{http::Request{}};
  EXPECT_TRUE(access.SeesEverything());
  EXPECT_TRUE(access.MaySee(7));
  EXPECT_TRUE(access.MaySee(std::nullopt));
  EXPECT_EQ(ProblemOf([&] { access.RequireScope(kInventoryWriteScope); }).first, 0);
  EXPECT_EQ(ProblemOf([&] { access.RequireActingFor(7, "userId"); }).first, 0);
}

TEST(AccessTest, ACustomerSeesOnlyItsOwnResources) {
  const Access access{WithPrincipal("42", {})};
  EXPECT_FALSE(access.SeesEverything());
  EXPECT_EQ(access.User(), 42);
  EXPECT_TRUE(access.MaySee(42));
  EXPECT_FALSE(access.MaySee(43));
  EXPECT_FALSE(access.MaySee(std::nullopt));  // recorded before owners were: operators only
}

TEST(AccessTest, ACustomerActsOnlyForItself) {
  const Access access{WithPrincipal("42", {"inventory:read"})};
  EXPECT_EQ(ProblemOf([&] { access.RequireActingFor(42, "userId"); }).first, 0);
  EXPECT_EQ(ProblemOf([&] { access.RequireActingFor(43, "userId"); }),
            (std::pair<int, std::string>{403, "userId"}));
}

TEST(AccessTest, ScopesAreRequiredByName) {
  const Access customer{WithPrincipal("42", {})};
  EXPECT_EQ(ProblemOf([&] { customer.RequireScope(kInventoryWriteScope); }).first, 403);
  EXPECT_EQ(ProblemOf([&] { customer.RequireScope(kOperatorScope); }).first, 403);

  const Access stocker{WithPrincipal("warehouse", {"inventory:write"})};
  EXPECT_EQ(ProblemOf([&] { stocker.RequireScope(kInventoryWriteScope); }).first, 0);
  EXPECT_EQ(ProblemOf([&] { stocker.RequireScope(kOperatorScope); }).first, 403);
  EXPECT_FALSE(stocker.SeesEverything());  // restocking reads no one's orders
  EXPECT_FALSE(stocker.MaySee(42));
}

TEST(AccessTest, AnOperatorSeesAndActsForEveryone) {
  const Access access{WithPrincipal("alice@ops", {"ops"})};
  EXPECT_TRUE(access.SeesEverything());
  EXPECT_EQ(access.User(), std::nullopt);
  EXPECT_TRUE(access.MaySee(43));
  EXPECT_TRUE(access.MaySee(std::nullopt));
  EXPECT_EQ(ProblemOf([&] { access.RequireActingFor(43, "userId"); }).first, 0);
  EXPECT_EQ(ProblemOf([&] { access.RequireScope(kOperatorScope); }).first, 0);
  // ops is not inventory:write: each scope grants its own.
  EXPECT_EQ(ProblemOf([&] { access.RequireScope(kInventoryWriteScope); }).first, 403);
}

TEST(AccessTest, ASubjectThatIsNoUserIdReachesNoOnesResources) {
  for (const std::string subject : {"", "0", "-4", "42x", "user-42", "9223372036854775808"}) {
    const Access access{WithPrincipal(subject, {})};
    EXPECT_EQ(access.User(), std::nullopt) << subject;
    EXPECT_FALSE(access.MaySee(42)) << subject;
    EXPECT_EQ(ProblemOf([&] { access.RequireActingFor(42, "userId"); }).first, 403) << subject;
  }
}

}  // namespace
}  // namespace sagashop::services
