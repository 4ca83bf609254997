#include "platform/cache/redis/redis_connection_pool.h"

#include <string>

namespace sagashop::cache {

std::shared_ptr<RedisConnectionPool> CreateRedisConnectionPool(const RedisConfig& config) {
  pool::PoolLimits limits;
  limits.max_open = static_cast<int>(config.pool_size);
  limits.max_idle = limits.max_open;
  limits.acquire_timeout = config.command_timeout;

  RedisConnectionPool::Hooks hooks;
  hooks.open = [config] {
    return std::make_unique<RedisConnection>(RedisConnection::Connect(config));
  };
  hooks.reusable = [](const RedisConnection& connection) { return !connection.IsBroken(); };
  hooks.throw_exhausted = [](const std::string& reason) {
    throw RedisConnectionError("redis: " + reason);
  };
  return RedisConnectionPool::Create(limits, std::move(hooks));
}

}  // namespace sagashop::cache
