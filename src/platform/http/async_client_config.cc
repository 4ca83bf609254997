#include "platform/http/async_client_config.h"

#include <stdexcept>

namespace sagashop::http {
namespace {

void Require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("async http client config: " + message);
}

}  // namespace

void AsyncClientConfig::Validate() const {
  Require(!host.empty(), "host is empty");
  Require(port != 0, "port must be set");
  Require(max_connections >= 1 && max_connections <= 4096,
          "max_connections must be between 1 and 4096, got " + std::to_string(max_connections));
  Require(max_queued >= 0 && max_queued <= 1'000'000,
          "max_queued must be between 0 and 1000000, got " + std::to_string(max_queued));
  Require(request_timeout.count() >= 1, "request_timeout must be at least 1 ms, got " +
                                            std::to_string(request_timeout.count()) + " ms");
}

}  // namespace sagashop::http
