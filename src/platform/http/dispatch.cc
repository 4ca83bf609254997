#include "platform/http/dispatch.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "platform/http/problem.h"

namespace sagashop::http {
namespace {

Response InternalError() {
  return ToResponse(MakeProblem(500, "The server could not complete the request."));
}

}  // namespace

Response InvokeHandler(const Handler& handler, const Request& request, std::string_view route) {
  try {
    Response response = handler(request);
    // 1xx would leave the client waiting for a final response that never comes.
    if (response.status < 200 || response.status > 599) {
      spdlog::error("http handler {} {} returned invalid status {}", request.method, route,
                    response.status);
      return InternalError();
    }
    return response;
  } catch (const ProblemError& error) {
    return ToResponse(error.GetProblem());
  } catch (const std::exception& error) {
    spdlog::error("http handler {} {} failed: {}", request.method, route, error.what());
  } catch (...) {
    spdlog::error("http handler {} {} failed with a non-standard exception", request.method, route);
  }
  return InternalError();
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
