#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <variant>

#include "platform/core/call_outcome.h"
#include "platform/http/async_client.h"

namespace sagashop::http {

// What every adapter of an outside-world HTTP API does with an answer before reading it: a 200
// with a JSON object is the answer; anything else is Unavailable, to be retried under the same
// idempotency key. No answer, 429 and 5xx are the provider's trouble. Any other status, or a 200
// that is not a JSON object, means we sent something it does not accept or it speaks another
// version of the API: still Unavailable (the caller's retry rules apply), but logged as an error,
// since retrying will not fix it. Only 429, 503 and the other rejections say the provider did
// nothing (Unavailable::may_have_taken_effect false). `call` names the call in reasons and logs
// ("POST /v1/charges").
std::variant<boost::json::object, Unavailable> OkJsonOrUnavailable(const AsyncResult& result,
                                                                   std::string_view call);

// For an answer that was a JSON object but not the one expected: logs it as an error and returns
// the Unavailable to answer with.
Unavailable UnexpectedAnswer(std::string_view call, std::string_view what);

}  // namespace sagashop::http
