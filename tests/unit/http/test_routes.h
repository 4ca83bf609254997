#pragma once

#include <boost/json.hpp>
#include <stdexcept>
#include <string>

#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "platform/http/router.h"
#include "platform/http/server_config.h"

namespace sagashop::http::testing {

// A config for tests: ephemeral port, and timeouts long enough that only a bug can hit them.
inline ServerConfig TestConfig() {
  ServerConfig config;
  config.port = 0;
  config.io_threads = 2;
  config.worker_threads = 4;
  return config;
}

inline boost::json::array Params(const Request& request) {
  boost::json::array params;
  for (const auto& value : request.path_params) params.emplace_back(value);
  return params;
}

// Routes that exercise each way a handler can answer.
inline Router TestRoutes() {
  Router router;
  router.Add("GET", "/orders", [](const Request& request) {
    boost::json::object query;
    for (const auto& [key, value] : request.query) query[key] = value;
    return JsonResponse(200, {{"route", "list"}, {"query", query}});
  });
  router.Add("GET", "/orders/{id}", [](const Request& request) {
    return JsonResponse(200, {{"route", "get"}, {"params", Params(request)}});
  });
  router.Add("DELETE", "/orders/{id}", [](const Request& request) {
    return JsonResponse(200, {{"route", "delete"}, {"params", Params(request)}});
  });
  router.Add("GET", "/orders/{id}/saga", [](const Request& request) {
    return JsonResponse(200, {{"route", "saga"}, {"params", Params(request)}});
  });
  router.Add("POST", "/echo", [](const Request& request) {
    Response response;
    response.content_type = "text/plain";
    response.body = request.body;
    response.headers.emplace_back("X-Body-Bytes", std::to_string(request.body.size()));
    return response;
  });
  router.Add("GET", "/boom", [](const Request&) -> Response {
    throw std::runtime_error("connection to postgresql://admin:hunter2@db failed");
  });
  router.Add("GET", "/conflict", [](const Request&) -> Response {
    throw ProblemError(Conflict("Order 7 is already paid."));
  });
  router.Add("GET", "/invalid", [](const Request&) -> Response {
    throw ProblemError(BadRequest("quantity", "quantity must be between 1 and 1000"));
  });
  return router;
}

}  // namespace sagashop::http::testing
