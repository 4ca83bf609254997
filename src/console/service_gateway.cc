#include "console/service_gateway.h"

#include <array>
#include <stdexcept>

#include "platform/http/problem.h"

namespace sagashop::console {
namespace {

// What a service reads from a request besides its method, target and body.
constexpr std::array<std::string_view, 3> kForwardedRequestHeaders = {
    "authorization", "content-type", "idempotency-key"};
// What a browser needs back besides the status, Content-Type and body.
constexpr std::array<std::string_view, 3> kForwardedResponseHeaders = {"location", "retry-after",
                                                                       "allow"};

http::Response Failed(const std::string& service, const http::AsyncFailure& failure) {
  const int status = failure.timed_out ? 504 : 502;
  return http::ToResponse(http::MakeProblem(
      status, "the " + service + " service " +
                  (failure.timed_out ? "did not answer in time" : "could not be reached") + ": " +
                  failure.reason));
}

http::Response Relayed(http::Response answer) {
  http::Response response;
  response.status = answer.status;
  response.content_type = std::move(answer.content_type);
  response.body = std::move(answer.body);
  for (std::string_view name : kForwardedResponseHeaders) {
    if (auto value = answer.Header(name)) {
      response.headers.emplace_back(std::string(name), std::string(*value));
    }
  }
  return response;
}

}  // namespace

ServiceGateway::ServiceGateway(const ServiceGatewayConfig& config) {
  for (const ServiceAddress& service : config.services) {
    http::AsyncClientConfig client;
    client.host = service.host;
    client.port = service.port;
    client.max_connections = config.max_connections;
    client.max_queued = config.max_queued;
    client.request_timeout = config.timeout;
    client.tls = config.tls;
    if (!clients_.emplace(service.name, std::make_unique<http::AsyncHttpClient>(client)).second) {
      throw std::invalid_argument("the console was given the " + service.name + " service twice");
    }
    order_.push_back(service.name);
  }
}

std::vector<std::string> ServiceGateway::Services() const {
  return order_;
}

void ServiceGateway::Forward(const http::Request& request, const std::string& service,
                             std::string target, http::Responder respond) {
  http::AsyncRequest forwarded;
  forwarded.method = request.method;
  forwarded.target = std::move(target);
  forwarded.body = request.body;
  for (std::string_view name : kForwardedRequestHeaders) {
    if (auto value = request.Header(name)) {
      forwarded.headers.emplace_back(std::string(name), std::string(*value));
    }
  }
  // The service's work continues the console's span of this request.
  forwarded.headers.emplace_back("traceparent", request.trace_parent);
  clients_.at(service)->Send(
      forwarded, [service, respond = std::move(respond)](http::AsyncResult result) mutable {
        if (auto* failure = std::get_if<http::AsyncFailure>(&result)) {
          respond(Failed(service, *failure));
        } else {
          respond(Relayed(std::move(std::get<http::Response>(result))));
        }
      });
}

}  // namespace sagashop::console
