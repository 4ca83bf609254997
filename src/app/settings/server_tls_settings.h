#pragma once

#include <string>

#include "platform/core/tls_client_files.h"

namespace sagashop::app {

// Mutual TLS to Kafka and Redis (docs/security.md): one client identity, PEM files of the CA that
// signed the servers' certificates and of this client's certificate and key. Each server uses it
// only when its switch (--kafka-tls, --redis-tls) is on.
struct ServerTlsSettings {
  std::string ca;    // --server-tls-ca
  std::string cert;  // --server-tls-cert
  std::string key;   // --server-tls-key

  // Throws std::invalid_argument naming a file given but unreadable.
  void Validate() const;
  // Throws std::invalid_argument naming the first file missing; `needed_by` is the switch that
  // needs them ("--kafka-tls").
  void RequireAll(const std::string& needed_by) const;
  core::TlsClientFiles Files() const;
};

}  // namespace sagashop::app
