#pragma once

#include <string_view>

#include "platform/http/request.h"
#include "platform/http/response.h"
#include "platform/http/router.h"
#include "platform/http/server_config.h"

namespace sagashop::http {

// Runs `handler` and turns whatever it throws into a response: a ProblemError into its problem,
// anything else into a generic 500 whose real cause is logged, never sent. Never throws.
Response InvokeHandler(const Handler& handler, const Request& request, std::string_view route);

// Runs a deferred `handler`, making sure `respond` is called exactly once with a valid response:
// what the handler throws before it responded becomes the response as above, a later second
// answer is ignored and logged. `respond` may run on whichever thread the handler answers on.
void InvokeDeferred(const DeferredHandler& handler, const Request& request, std::string_view route,
                    Responder respond);

// The answer to a request shed because ServerConfig::max_queued_requests wait already.
Response ShedResponse(const ServerConfig& config);

// The answer when Router::Match found no handler: 405 with Allow when the path is known, else 404.
Response UnroutedResponse(const RouteMatch& match, const Request& request);

}  // namespace sagashop::http
