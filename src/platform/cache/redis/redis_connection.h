#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

#include "platform/cache/redis/redis_config.h"
#include "platform/cache/redis/redis_connection_error.h"
#include "platform/cache/redis/redis_stream.h"

namespace sagashop::cache {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
// A reply and everything nested in it.
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

// One command and its arguments, e.g. {"SET", key, "1", "EX", "3600"}.
using RedisCommand = std::vector<std::string>;

// A synchronous Redis connection with the configured connect and command timeouts, plain or over
// TLS (RedisStream). hiredis formats the commands and parses the replies (redisFormatCommandArgv,
// redisReader); the stream carries the bytes. Move-only.
class RedisConnection {
 public:
  // Throws RedisConnectionError.
  static RedisConnection Connect(const RedisConfig& config);

  // Sends all commands in one write and reads their replies in order: one round trip. A reply
  // that is a Redis error (REDIS_REPLY_ERROR) is returned as such; a connection failure throws
  // RedisConnectionError and leaves the connection broken.
  std::vector<RedisReplyPtr> Pipeline(const std::vector<RedisCommand>& commands);

  bool IsBroken() const { return broken_; }
  bool UsesTls() const { return stream_.UsesTls(); }

 private:
  struct ReaderDeleter {
    void operator()(redisReader* reader) const { redisReaderFree(reader); }
  };

  explicit RedisConnection(RedisStream stream);

  // Throws, and marks the connection unusable: replies still in flight would be read by the next
  // command as its own.
  [[noreturn]] void Fail(const std::string& what);
  // The next complete reply, reading from the stream until the reader has one.
  RedisReplyPtr NextReply();

  RedisStream stream_;
  std::unique_ptr<redisReader, ReaderDeleter> reader_;
  bool broken_ = false;
};

}  // namespace sagashop::cache
