#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "platform/http/async_client.h"
#include "platform/http/request.h"
#include "platform/http/router.h"

namespace sagashop::console {

struct ServiceAddress {
  std::string name;  // "order"
  std::string host;
  std::uint16_t port = 0;
};

struct ServiceGatewayConfig {
  std::vector<ServiceAddress> services;
  // HTTPS to the services, checked against this context's CAs; null: plain HTTP.
  std::shared_ptr<boost::asio::ssl::context> tls;
  // From the console's request to the service's last byte: a page polls, so a slow answer is
  // better given up and asked for again than waited for.
  std::chrono::milliseconds timeout{10'000};
  // Per service: connections, and requests waiting for one (more are refused at once, 503).
  int max_connections = 16;
  int max_queued = 256;
};

// Sends the console's requests on to the services, one asynchronous client each (no thread is
// held while a service answers), passing what a service needs to decide — the caller's token, the
// body and its type, an Idempotency-Key, the trace — and nothing else. The console holds no
// authority of its own: each service checks the token as if the browser had called it.
class ServiceGateway {
 public:
  // Throws std::invalid_argument for a bad address or limit.
  explicit ServiceGateway(const ServiceGatewayConfig& config);

  bool Knows(std::string_view service) const { return clients_.contains(service); }
  std::vector<std::string> Services() const;

  // Sends `request` to `service` as `target` (ForwardedTarget); `respond` gets the service's
  // answer, or a 502 (unreachable) or 504 (timed out) problem naming the service.
  void Forward(const http::Request& request, const std::string& service, std::string target,
               http::Responder respond);

 private:
  std::vector<std::string> order_;  // the services in the order configured
  std::map<std::string, std::unique_ptr<http::AsyncHttpClient>, std::less<>> clients_;
};

}  // namespace sagashop::console
