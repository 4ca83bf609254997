#pragma once

#include <string>

namespace sagashop::core {

// How a client proves itself to a server over TLS and checks the server in turn: PEM files of the
// CA that signed the server's certificate, and of the client's own certificate and private key
// (mutual TLS). The Kafka and Redis adapters share one identity (docs/security.md).
struct TlsClientFiles {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

}  // namespace sagashop::core
