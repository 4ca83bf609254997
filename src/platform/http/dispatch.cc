#include "platform/http/dispatch.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <memory>
#include <string>

#include "platform/http/problem.h"

namespace sagashop::http {
namespace {

Response InternalError() {
  return ToResponse(MakeProblem(500, "The server could not complete the request."));
}

// 1xx would leave the client waiting for a final response that never comes.
Response Checked(Response response, std::string_view method, std::string_view route) {
  if (response.status < 200 || response.status > 599) {
    spdlog::error("http handler {} {} returned invalid status {}", method, route, response.status);
    return InternalError();
  }
  return response;
}

// The response for what a handler threw; call from inside a catch block.
Response CurrentExceptionResponse(std::string_view method, std::string_view route) {
  try {
    throw;
  } catch (const ProblemError& error) {
    return ToResponse(error.GetProblem());
  } catch (const std::exception& error) {
    spdlog::error("http handler {} {} failed: {}", method, route, error.what());
  } catch (...) {
    spdlog::error("http handler {} {} failed with a non-standard exception", method, route);
  }
  return InternalError();
}

}  // namespace

Response InvokeHandler(const Handler& handler, const Request& request, std::string_view route) {
  try {
    return Checked(handler(request), request.method, route);
  } catch (...) {
    return CurrentExceptionResponse(request.method, route);
  }
}

void InvokeDeferred(const DeferredHandler& handler, const Request& request, std::string_view route,
                    Responder respond) {
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Responder once = [answered, respond = std::move(respond), method = request.method,
                    route = std::string(route)](Response response) {
    if (answered->exchange(true)) {
      spdlog::error("http handler {} {} answered twice; the second answer is ignored", method,
                    route);
      return;
    }
    respond(Checked(std::move(response), method, route));
  };
  try {
    handler(request, once);
  } catch (...) {
    Response response = CurrentExceptionResponse(request.method, route);
    if (answered->load()) {
      spdlog::error("http handler {} {} threw after it answered", request.method, route);
      return;
    }
    once(std::move(response));
  }
}

Response ShedResponse(const ServerConfig& config) {
  return UnavailableResponse(std::to_string(config.max_queued_requests) +
                                 " requests wait for a handler already, as many as this server "
                                 "queues (--http-max-queued-requests); nothing was done, retry "
                                 "later.",
                             std::chrono::seconds(1));
}

Response UnroutedResponse(const RouteMatch& match, const Request& request) {
  if (!match.PathKnown()) return ToResponse(NotFound("No resource at " + request.path + "."));
  std::string allow;
  for (const auto& method : match.allowed_methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  Response response =
      ToResponse(MakeProblem(405, "Method " + request.method + " is not allowed on " +
                                      request.path + "; use " + allow + "."));
  response.headers.emplace_back("Allow", allow);
  return response;
}

}  // namespace sagashop::http
