#pragma once

#include <functional>

#include "outside_world/api_context.h"
#include "platform/http/response.h"
#include "platform/http/router.h"

namespace sagashop::outside_world {

// Runs a ledger-changing call of `face` as its behaviour says, and answers through `respond`:
// 503 at once in an outage; else after the simulated latency (waited on a timer, no thread
// held), 503 with nothing recorded (a failure), or what `record_and_answer` returns — it must
// commit to the ledger before it returns — answered at once or after the timeout delay.
// `record_and_answer` runs on the caller's thread when there is no latency, else on a work thread
// of context.later, so it must own what it uses.
void RunFaceCall(ApiContext& context, Face& face, std::function<http::Response()> record_and_answer,
                 const http::Responder& respond);

// A lookup on `face` (e.g. a charge by key): only an outage stops it; latency, failures and
// timeouts are for calls that change the ledger.
http::Response RunFaceLookup(Face& face, const std::function<http::Response()>& answer);

}  // namespace sagashop::outside_world
