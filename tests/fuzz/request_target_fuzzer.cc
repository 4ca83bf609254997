// A request's target (`/orders/12?limit=5`) is the first thing read from anyone who connects.
// Whatever it is, it is refused as not an origin-form path, or decoded and routed among the
// services' own route patterns; a route's placeholders each capture one non-empty segment, and
// the ids and page sizes read from the path and the query are refused with a 400 naming them or
// within their bounds.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "platform/http/message_conversion.h"
#include "platform/http/problem.h"
#include "platform/http/router.h"
#include "services/common/http_params.h"

namespace {

namespace http = sagashop::http;

// The services' routes (src/services/*/..._api.cc), and how many placeholders each has.
constexpr std::array<std::pair<std::string_view, std::size_t>, 11> kRoutes{{
    {"/orders", 0},
    {"/orders/{id}", 1},
    {"/orders/{id}/saga", 1},
    {"/sagas", 0},
    {"/payments", 0},
    {"/payments/{id}", 1},
    {"/inventory/{productId}", 1},
    {"/reservations", 0},
    {"/deliveries", 0},
    {"/deliveries/{id}", 1},
    {"/health", 0},
}};

const http::Router& Routes() {
  static const http::Router router = [] {
    http::Router routes;
    for (const auto& [pattern, placeholders] : kRoutes) {
      routes.Add("GET", pattern, [](const http::Request&) { return http::Response{}; });
    }
    return routes;
  }();
  return router;
}

std::size_t PlaceholdersOf(std::string_view pattern) {
  for (const auto& [known, placeholders] : kRoutes) {
    if (known == pattern) return placeholders;
  }
  std::abort();  // a pattern the router was never given
}

// Runs `read`; a ProblemError must be a 400 naming `field`.
template <typename Read>
void RefusedOrWithin(std::string_view field, Read&& read) {
  try {
    read();
  } catch (const http::ProblemError& error) {
    if (error.GetProblem().status != 400 || error.GetProblem().field != field) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::BeastRequest message;
  message.method(boost::beast::http::verb::get);
  message.target(std::string_view(reinterpret_cast<const char*>(data), size));
  std::optional<http::Request> request = http::FromBeast(std::move(message));
  if (!request) return 0;

  const http::RouteMatch match = Routes().Match("GET", request->path);
  if (match.Found()) {
    if (match.path_params.size() != PlaceholdersOf(match.pattern)) std::abort();
    for (const std::string& param : match.path_params) {
      if (param.empty() || param.find('/') != std::string::npos) std::abort();
      RefusedOrWithin("id", [&] {
        if (sagashop::services::PositiveIdParam("id", param) < 1) std::abort();
      });
    }
  }
  RefusedOrWithin("limit", [&] {
    const int limit = sagashop::services::LimitQueryParam(*request);
    if (limit < 1 || limit > 500) std::abort();
  });
  RefusedOrWithin("orderId", [&] {
    const auto order_id = sagashop::services::OptionalPositiveQueryParam(*request, "orderId");
    if (order_id && *order_id < 1) std::abort();
  });
  return 0;
}
