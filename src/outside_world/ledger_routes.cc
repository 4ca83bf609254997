#include <charconv>

#include "outside_world/record_json.h"
#include "outside_world/routes.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"

namespace sagashop::outside_world {
namespace {

std::int64_t OrderIdParam(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    throw http::ProblemError(http::BadRequest(
        "orderId", "orderId must be a positive integer, got '" + text.substr(0, 40) + "'"));
  }
  return value;
}

}  // namespace

// The ledger is the simulator's own view, never subject to the faces' simulated trouble: it is
// how tests and operators see what really happened.
void AddLedgerRoutes(http::Router& router, ApiContext& context) {
  router.Add("GET", "/v1/ledger/orders/{orderId}", [&context](const http::Request& request) {
    const std::int64_t order_id = OrderIdParam(request.path_params.at(0));
    return http::JsonResponse(200, OrderCountsJson(context.ledger.CountsOf(order_id)));
  });
  router.Add("GET", "/v1/ledger", [&context](const http::Request&) {
    return http::JsonResponse(200, TotalsJson(context.ledger.Totals()));
  });
}

}  // namespace sagashop::outside_world
