#include "app/console_config.h"

#include "app/http_tls.h"

namespace sagashop::app {
namespace {

// The console reaches the services on the host they listen on; one that listens on every address
// is reached on loopback.
std::string ServicesHost(const Settings& settings) {
  const std::string& host = settings.http.host;
  return host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host;
}

}  // namespace

console::ConsoleConfig ConsoleConfigOf(const Settings& settings) {
  console::ConsoleConfig config;
  config.http.address = settings.http.host;
  config.http.port = static_cast<std::uint16_t>(settings.http.console_port);
  // A person's browser or two: few handlers, and the services' own limits per client address.
  config.http.worker_threads = 2;
  config.http.max_connections = 256;
  config.http.max_connections_per_client = 64;
  config.http.rate_limit_per_client = settings.http.rate_limit_per_client;
  if (const std::optional<tls::TlsFiles> files = ServerTlsFiles(settings)) {
    config.http.tls_certificate_chain = files->certificate.string();
    config.http.tls_private_key = files->private_key.string();
  }
  for (const std::string service : {"order", "payment", "inventory", "delivery"}) {
    config.gateway.services.push_back(
        {.name = service,
         .host = ServicesHost(settings),
         .port = static_cast<std::uint16_t>(settings.http.DefaultPort(service))});
  }
  config.gateway.tls = ServiceClientTls(settings);
  return config;
}

std::string ConsoleAddress(const Settings& settings) {
  return std::string(HttpScheme(settings)) + "://" + ServicesHost(settings) + ":" +
         std::to_string(settings.http.console_port) + "/";
}

}  // namespace sagashop::app
