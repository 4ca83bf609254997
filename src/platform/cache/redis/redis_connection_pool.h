#pragma once

#include <memory>

#include "platform/cache/redis/redis_config.h"
#include "platform/cache/redis/redis_connection.h"
#include "platform/pool/bounded_pool.h"

namespace sagashop::cache {

// Up to pool_size connections, opened on demand, kept while they work and shared by threads.
using RedisConnectionPool = pool::BoundedPool<RedisConnection>;

// A pool of `config`'s pool_size. Acquire() waits up to command_timeout for a connection to come
// back; it throws RedisConnectionError when connecting fails or nothing comes back in time. A
// connection that broke is closed when it comes back.
std::shared_ptr<RedisConnectionPool> CreateRedisConnectionPool(const RedisConfig& config);

}  // namespace sagashop::cache
