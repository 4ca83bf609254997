#include "app/settings/http_settings.h"

#include <stdexcept>

#include "app/settings/require.h"

namespace sagashop::app {
namespace {

constexpr const char* kServiceNames[] = {"order", "payment", "inventory", "delivery"};

}  // namespace

void HttpSettings::Validate() const {
  Require(base_port >= 1 && base_port <= 65532, "--http-base-port must be from 1 to 65532");
  Require(!port || (*port >= 0 && *port <= 65535), "--http-port must be from 0 to 65535");
  Require(console_port >= 0 && console_port <= 65535,
          "--console-port must be from 0 (no console) to 65535");
  Require(console_port == 0 || console_port < base_port || console_port > base_port + 3,
          "--console-port must not be one of the services' ports (--http-base-port and the "
          "next three)");
  Require(workers >= 1 && workers <= 256, "--http-workers must be from 1 to 256");
  Require(max_queued_requests >= 1 && max_queued_requests <= 100'000,
          "--http-max-queued-requests must be from 1 to 100000");
  Require(max_connections >= 1 && max_connections <= 1'000'000,
          "--http-max-connections must be from 1 to 1000000");
  Require(max_connections_per_client >= 1 && max_connections_per_client <= max_connections,
          "--http-max-connections-per-client must be from 1 to --http-max-connections");
  Require(tls_cert.empty() == tls_key.empty(),
          "--http-tls-cert and --http-tls-key must be given together");
  Require(
      !plaintext || (tls_cert.empty() && tls_ca.empty()),
      "--http-plaintext turns HTTPS off: do not combine it with --http-tls-cert or --http-tls-ca");
  Require(rate_limit_per_client >= 0 && rate_limit_per_client <= 10'000'000,
          "--http-rate-limit-per-client must be from 0 (off) to 10000000");
  Require(rate_limit_reads_per_subject >= 0 && rate_limit_reads_per_subject <= 10'000'000,
          "--http-rate-limit-reads-per-subject must be from 0 (off) to 10000000");
  Require(rate_limit_writes_per_subject >= 0 && rate_limit_writes_per_subject <= 10'000'000,
          "--http-rate-limit-writes-per-subject must be from 0 (off) to 10000000");
}

int HttpSettings::DefaultPort(const std::string& service) const {
  for (int i = 0; i < 4; ++i) {
    if (service == kServiceNames[i]) return base_port + i;
  }
  throw std::invalid_argument("unknown service " + service);
}

int HttpSettings::PortOf(const std::string& service) const {
  return port.value_or(DefaultPort(service));
}

}  // namespace sagashop::app
