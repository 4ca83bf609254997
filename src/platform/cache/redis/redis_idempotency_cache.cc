#include "platform/cache/redis/redis_idempotency_cache.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace sagashop::cache {
namespace {

bool IsError(const redisReply& reply) {
  return reply.type == REDIS_REPLY_ERROR;
}

RedisConfig Validated(RedisConfig config) {
  config.Validate();
  return config;
}

}  // namespace

RedisIdempotencyCache::RedisIdempotencyCache(RedisConfig config)
    : config_(Validated(std::move(config))),
      pool_(CreateRedisConnectionPool(config_)),
      breaker_(config_.failure_backoff) {}

std::vector<bool> RedisIdempotencyCache::FindSeen(std::span<const std::string> keys) {
  std::vector<bool> seen(keys.size(), false);
  if (keys.empty() || !breaker_.AllowRequest()) return seen;
  RedisCommand mget{"MGET"};
  mget.reserve(keys.size() + 1);
  for (const std::string& key : keys) mget.push_back(config_.key_prefix + key);
  const auto replies = Execute({std::move(mget)});
  if (!replies) return seen;
  const redisReply& reply = *replies->front();
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements != keys.size()) {
    errors_.fetch_add(1);
    spdlog::warn("redis idempotency cache: unexpected MGET reply (type {})", reply.type);
    return seen;
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    seen[i] = reply.element[i]->type == REDIS_REPLY_STRING;
  }
  return seen;
}

void RedisIdempotencyCache::Remember(std::span<const std::string> keys, std::chrono::seconds ttl) {
  // Redis rejects an expiry below one second; remembering for no time is remembering nothing.
  if (keys.empty() || ttl.count() < 1 || !breaker_.AllowRequest()) return;
  const std::string seconds = std::to_string(ttl.count());
  std::vector<RedisCommand> commands;
  commands.reserve(keys.size());
  for (const std::string& key : keys) {
    commands.push_back({"SET", config_.key_prefix + key, "1", "EX", seconds});
  }
  const auto replies = Execute(commands);
  if (!replies) return;
  for (const RedisReplyPtr& reply : *replies) {
    if (IsError(*reply)) {
      // Redis answered (so it is up) but refused, e.g. out of memory: worth counting, not
      // worth backing off for.
      errors_.fetch_add(1);
      spdlog::warn("redis idempotency cache: SET refused: {}", reply->str);
      return;
    }
  }
}

CacheHealth RedisIdempotencyCache::CheckHealth() {
  CacheHealth health;
  const auto start = std::chrono::steady_clock::now();
  std::string error;
  // Probes even while the breaker is open: health reports the truth, and a success closes it.
  const auto replies = Execute({{"PING"}}, &error);
  health.latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  if (!replies) {
    health.detail = error;
    return health;
  }
  const redisReply& reply = *replies->front();
  health.reachable = reply.type == REDIS_REPLY_STATUS && std::string(reply.str) == "PONG";
  health.detail = reply.str != nullptr ? reply.str : "unexpected reply";
  return health;
}

std::optional<std::vector<RedisReplyPtr>> RedisIdempotencyCache::Execute(
    const std::vector<RedisCommand>& commands, std::string* error) {
  const bool probe = error != nullptr;
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    try {
      RedisConnectionPool::Lease connection = pool_->Acquire();
      reused = connection.WasReused();
      std::vector<RedisReplyPtr> replies = connection->Pipeline(commands);
      breaker_.RecordSuccess();
      return replies;
    } catch (const RedisConnectionError& failure) {
      // Its siblings in the pool probably died with it.
      pool_->DropIdle();
      if (reused && attempt == 0) continue;
      breaker_.RecordFailure();
      if (probe) {
        *error = failure.what();
      } else {
        errors_.fetch_add(1);
        spdlog::warn("redis idempotency cache unavailable, answering \"not seen\" for {} ms: {}",
                     config_.failure_backoff.count(), failure.what());
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace sagashop::cache
