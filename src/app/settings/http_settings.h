#pragma once

#include <optional>
#include <string>

namespace sagashop::app {

// The services' HTTP servers: where they listen, how much they take on, and HTTPS.
struct HttpSettings {
  std::string host = "127.0.0.1";
  std::optional<int> port;  // single service only; default 8001..8004 by service
  int base_port = 8001;     // order, payment, inventory, delivery on base, base+1, ...
  // The saga console (docs/console.md): served by embedded mode and `sagashop console` on this
  // port, HTTPS when the services are; 0: no console.
  int console_port = 8000;
  int workers = 8;
  // Requests waiting for a handler thread, at most; more are shed with 503 (docs/operations.md).
  int max_queued_requests = 256;
  // Open connections per service, in all and from one client address (docs/operations.md).
  int max_connections = 4096;
  int max_connections_per_client = 1024;
  // Requests per second from one client address per service, bursts twice that; 0: off.
  int rate_limit_per_client = 2000;
  // Requests per second one token subject may send each service, reads (GET) and writes apart,
  // bursts twice that; tokens with the ops scope are exempt; 0: off (docs/security.md).
  int rate_limit_reads_per_subject = 100;
  int rate_limit_writes_per_subject = 10;

  // HTTPS (docs/security.md): the servers' certificate chain and key (PEM files), and the CA file
  // the clients of this process trust (the commands' requests, calls to an https:// provider).
  // Embedded mode without a certificate makes a local CA and certificate in <data_dir>/tls on its
  // first start. --http-plaintext turns HTTPS off.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
  bool plaintext = false;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;

  int DefaultPort(const std::string& service) const;
  // --http-port, or the service's default port.
  int PortOf(const std::string& service) const;
};

}  // namespace sagashop::app
