#include "platform/http/server_config.h"

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

#include "platform/core/require_config.h"

namespace sagashop::http {

void ServerConfig::Validate() const {
  boost::system::error_code ec;
  boost::asio::ip::make_address(address, ec);
  RequireConfig("http server", !ec, "address '" + address + "' is not an IPv4 or IPv6 address");
  RequireConfig("http server", max_body_bytes >= 1, "max_body_bytes must be at least 1");
  RequireConfig("http server", max_header_bytes >= 1024,
                "max_header_bytes must be at least 1024, got " + std::to_string(max_header_bytes));
  RequireConfig("http server", io_threads >= 1 && io_threads <= 256,
                "io_threads must be between 1 and 256, got " + std::to_string(io_threads));
  RequireConfig("http server", worker_threads >= 1 && worker_threads <= 1024,
                "worker_threads must be between 1 and 1024, got " + std::to_string(worker_threads));
  RequireConfig("http server", max_queued_requests >= 1, "max_queued_requests must be at least 1");
  RequireConfig("http server", max_connections >= 1, "max_connections must be at least 1");
  RequireConfig("http server", rate_limit_per_client >= 0,
                "rate_limit_per_client must not be negative");
  RequireConfig("http server",
                max_connections_per_client >= 1 && max_connections_per_client <= max_connections,
                "max_connections_per_client must be between 1 and max_connections (" +
                    std::to_string(max_connections) + "), got " +
                    std::to_string(max_connections_per_client));
  RequireConfig(
      "http server", read_timeout.count() >= 1,
      "read_timeout must be at least 1s, got " + std::to_string(read_timeout.count()) + "s");
  RequireConfig(
      "http server", header_timeout.count() >= 1,
      "header_timeout must be at least 1s, got " + std::to_string(header_timeout.count()) + "s");
  RequireConfig("http server", tls_certificate_chain.empty() == tls_private_key.empty(),
                "tls_certificate_chain and tls_private_key must be given together");
  RequireConfig("http server", shutdown_timeout.count() >= 0,
                "shutdown_timeout must not be negative, got " +
                    std::to_string(shutdown_timeout.count()) + "s");
}

}  // namespace sagashop::http
