#include "platform/cache/redis/redis_config.h"

#include <stdexcept>

namespace sagashop::cache {
namespace {

void Require(bool condition, const std::string& setting, const std::string& rule) {
  if (!condition) throw std::invalid_argument("redis." + setting + " " + rule);
}

}  // namespace

void RedisConfig::Validate() const {
  Require(!host.empty(), "host", "must not be empty");
  Require(port >= 1 && port <= 65535, "port", "must be between 1 and 65535");
  Require(!tls || (!tls->ca_file.empty() && !tls->cert_file.empty() && !tls->key_file.empty()),
          "tls", "needs a CA, a certificate and a key file");
  Require(pool_size >= 1, "pool_size", "must be at least 1");
  Require(connect_timeout.count() >= 1, "connect_timeout", "must be positive");
  Require(command_timeout.count() >= 1, "command_timeout", "must be positive");
  Require(failure_backoff.count() >= 1, "failure_backoff", "must be positive");
}

}  // namespace sagashop::cache
