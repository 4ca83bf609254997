#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/tls_client_files.h"

namespace sagashop::testing {

// The client identity tests present to the stack's Kafka and Redis, from the environment that
// scripts/stack.sh prepares (SAGASHOP_TEST_SERVER_TLS_CA, _CERT, _KEY). Unset: plain TCP.
inline std::optional<core::TlsClientFiles> TestServerTls() {
  const char* ca = std::getenv("SAGASHOP_TEST_SERVER_TLS_CA");
  const char* cert = std::getenv("SAGASHOP_TEST_SERVER_TLS_CERT");
  const char* key = std::getenv("SAGASHOP_TEST_SERVER_TLS_KEY");
  if (ca == nullptr || *ca == '\0' || cert == nullptr || key == nullptr) return std::nullopt;
  return core::TlsClientFiles{.ca_file = ca, .cert_file = cert, .key_file = key};
}

// The sagashop flags that reach the stack's Kafka and Redis the same way.
inline std::vector<std::string> TestServerTlsArgs() {
  const auto tls = TestServerTls();
  if (!tls) return {"--kafka-tls=false", "--redis-tls=false"};
  return {"--kafka-tls=true", "--redis-tls=true", "--server-tls-ca=" + tls->ca_file,
          "--server-tls-cert=" + tls->cert_file, "--server-tls-key=" + tls->key_file};
}

}  // namespace sagashop::testing
