#include "services/common/access.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "platform/http/problem.h"

namespace sagashop::services {
namespace {

bool Holds(const http::Principal& principal, std::string_view scope) {
  return std::find(principal.scopes.begin(), principal.scopes.end(), scope) !=
         principal.scopes.end();
}

// A user id is a positive decimal number, as in the API's userId; a subject of any other form
// (an identity provider's UUID, say) names no user of this system.
std::optional<std::int64_t> UserIdOf(std::string_view subject) {
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(subject.data(), subject.data() + subject.size(), id);
  if (error != std::errc{} || end != subject.data() + subject.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

}  // namespace

Access::Access(const http::Request& request)
    : principal_(request.principal),
      sees_everything_(!principal_ || Holds(*principal_, kOperatorScope)),
      user_(sees_everything_ ? std::nullopt : UserIdOf(principal_->subject)) {}

bool Access::MaySee(std::optional<std::int64_t> owner) const {
  return sees_everything_ || (owner && user_ == owner);
}

void Access::RequireScope(std::string_view scope) const {
  if (!principal_ || Holds(*principal_, scope)) return;
  throw http::ProblemError(
      http::MakeProblem(403, "this needs a token with the scope '" + std::string(scope) + "'"));
}

void Access::RequireActingFor(std::int64_t user_id, std::string_view field) const {
  if (MaySee(user_id)) return;
  throw http::ProblemError(http::MakeProblem(
      403,
      user_ ? "the token acts for user " + std::to_string(*user_) + ", not user " +
                  std::to_string(user_id)
            : "the token's subject is not a user id, and it lacks the scope 'ops'",
      std::string(field)));
}

}  // namespace sagashop::services
