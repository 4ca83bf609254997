#include "platform/http/async_client_config.h"

#include <stdexcept>

#include "platform/core/require_config.h"

namespace sagashop::http {

void AsyncClientConfig::Validate() const {
  RequireConfig("async http client", !host.empty(), "host is empty");
  RequireConfig("async http client", port != 0, "port must be set");
  RequireConfig(
      "async http client", max_connections >= 1 && max_connections <= 4096,
      "max_connections must be between 1 and 4096, got " + std::to_string(max_connections));
  RequireConfig("async http client", max_queued >= 0 && max_queued <= 1'000'000,
                "max_queued must be between 0 and 1000000, got " + std::to_string(max_queued));
  RequireConfig("async http client", request_timeout.count() >= 1,
                "request_timeout must be at least 1 ms, got " +
                    std::to_string(request_timeout.count()) + " ms");
}

}  // namespace sagashop::http
