#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "platform/core/tls_client_files.h"

namespace sagashop::cache {

// Where the Redis idempotency cache lives and how little it may cost. The cache only saves work,
// so every timeout is short: a slow Redis must not slow the consumers down.
struct RedisConfig {
  std::string host = "127.0.0.1";
  int port = 6379;
  // When set, the connection is TLS: the server's certificate must chain to the CA and name
  // `host`, and this client certificate is presented (Redis' tls-auth-clients).
  std::optional<core::TlsClientFiles> tls;
  std::size_t pool_size = 10;  // docs/contracts.md, Defaults
  std::chrono::milliseconds connect_timeout{200};
  std::chrono::milliseconds command_timeout{200};
  std::string key_prefix = "idem:";
  // After a failure Redis is left alone this long (every call answers "not seen" at once), then
  // tried again.
  std::chrono::milliseconds failure_backoff{5000};

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::cache
