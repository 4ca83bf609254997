#include "platform/http/outside_call.h"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <string>

namespace sagashop::http {
namespace {

constexpr std::size_t kBodyExcerpt = 300;

std::string Excerpt(const std::string& body) {
  return body.size() > kBodyExcerpt ? body.substr(0, kBodyExcerpt) + "…" : body;
}

}  // namespace

Unavailable UnexpectedAnswer(std::string_view call, std::string_view what) {
  const std::string reason = std::string(call) + ": unexpected answer: " + std::string(what);
  spdlog::error("outside world call {}", reason);
  return Unavailable{reason};
}

std::variant<boost::json::object, Unavailable> OkJsonOrUnavailable(const AsyncResult& result,
                                                                   std::string_view call) {
  if (const auto* failure = std::get_if<AsyncFailure>(&result)) {
    // Whether the request reached the provider before the connection failed is not known.
    return Unavailable{std::string(call) + ": " + failure->reason, true};
  }
  const Response& response = std::get<Response>(result);
  const std::string status = std::to_string(response.status);
  if (response.status == 429 || response.status >= 500) {
    // 429 and 503 say the provider turned the call away; after any other 5xx it may have done it.
    const bool refused = response.status == 429 || response.status == 503;
    return Unavailable{std::string(call) + " answered " + status + ": " + Excerpt(response.body),
                       !refused};
  }
  if (response.status != 200) {
    const std::string reason =
        std::string(call) + " was rejected with " + status +
        " (a request this side should not have sent): " + Excerpt(response.body);
    spdlog::error("outside world call {}", reason);
    return Unavailable{reason, false};
  }
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  if (ec || !body.is_object()) {
    return UnexpectedAnswer(call, "200 without a JSON object: " + Excerpt(response.body));
  }
  return std::move(body.as_object());
}

}  // namespace sagashop::http
