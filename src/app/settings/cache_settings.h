#pragma once

#include <string>

#include "app/settings/adapters.h"

namespace sagashop::app {

// Where the idempotency cache lives: in memory (embedded mode, the default) or in Redis.
struct CacheSettings {
  Cache adapter = Cache::kMemory;  // --cache

  std::string redis = "127.0.0.1:6379";  // host:port
  // Redis is reached over mutual TLS with the ServerTlsSettings identity (docs/security.md).
  bool redis_tls = false;

  // Throws std::invalid_argument naming the first bad setting of this adapter.
  void Validate() const;
  // The parts of --redis; valid after Validate().
  std::string RedisHost() const;
  int RedisPort() const;
};

}  // namespace sagashop::app
