#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/cache/redis/redis_config.h"

namespace sagashop::cache {

// The connection failed (refused, timed out, closed, protocol error) and cannot be used again.
class RedisConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
// A reply and everything nested in it.
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

// One command and its arguments, e.g. {"SET", key, "1", "EX", "3600"}.
using RedisCommand = std::vector<std::string>;

// A synchronous hiredis connection (move-only owner of its redisContext) with the configured
// connect and command timeouts.
class RedisConnection {
 public:
  // Throws RedisConnectionError.
  static RedisConnection Connect(const RedisConfig& config);

  // Sends all commands in one write and reads their replies in order: one round trip. A reply
  // that is a Redis error (REDIS_REPLY_ERROR) is returned as such; a connection failure throws
  // RedisConnectionError and leaves the connection broken.
  std::vector<RedisReplyPtr> Pipeline(const std::vector<RedisCommand>& commands);

  bool IsBroken() const { return broken_ || context_ == nullptr || context_->err != 0; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const { redisFree(context); }
  };

  explicit RedisConnection(redisContext* context) : context_(context) {}

  // Throws, and marks the connection unusable: replies still in flight would be read by the next
  // command as its own.
  [[noreturn]] void Fail(const std::string& what);

  std::unique_ptr<redisContext, ContextDeleter> context_;
  bool broken_ = false;
};

}  // namespace sagashop::cache
