#pragma once

#include <functional>

#include "outside_world/api_context.h"
#include "platform/http/request.h"
#include "platform/http/response.h"

namespace sagashop::outside_world {

// Runs a ledger-changing call of `face` as its behaviour says: 503 at once in an outage; else the
// simulated latency, then 503 with nothing recorded (a failure), or `record_and_answer` — which
// must commit to the ledger before it returns — answered at once or after the timeout delay.
http::Response RunFaceCall(ApiContext& context, Face& face,
                           const std::function<http::Response()>& record_and_answer);

// A lookup on `face` (e.g. a charge by key): only an outage stops it; latency, failures and
// timeouts are for calls that change the ledger.
http::Response RunFaceLookup(Face& face, const std::function<http::Response()>& answer);

}  // namespace sagashop::outside_world
