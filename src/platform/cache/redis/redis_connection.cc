#include "platform/cache/redis/redis_connection.h"

#include <sys/time.h>

#include <chrono>

#include "platform/cache/redis/sigpipe_guard.h"

namespace sagashop::cache {
namespace {

timeval ToTimeval(std::chrono::milliseconds duration) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(duration.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
  return value;
}

}  // namespace

RedisConnection RedisConnection::Connect(const RedisConfig& config) {
  RedisConnection connection(
      redisConnectWithTimeout(config.host.c_str(), config.port, ToTimeval(config.connect_timeout)));
  if (connection.context_ == nullptr) throw RedisConnectionError("redis: out of memory");
  redisContext* context = connection.context_.get();
  if (context->err != 0) {
    throw RedisConnectionError("redis connect " + config.host + ":" + std::to_string(config.port) +
                               ": " + context->errstr);
  }
  if (redisSetTimeout(context, ToTimeval(config.command_timeout)) != REDIS_OK) {
    throw RedisConnectionError(std::string("redis set timeout: ") + context->errstr);
  }
  return connection;
}

void RedisConnection::Fail(const std::string& what) {
  broken_ = true;
  throw RedisConnectionError("redis: " + what);
}

std::vector<RedisReplyPtr> RedisConnection::Pipeline(const std::vector<RedisCommand>& commands) {
  if (IsBroken()) throw RedisConnectionError("redis: connection is broken");
  redisContext* context = context_.get();
  SigpipeGuard no_sigpipe;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const RedisCommand& command : commands) {
    argv.clear();
    lengths.clear();
    for (const std::string& argument : command) {
      argv.push_back(argument.data());
      lengths.push_back(argument.size());
    }
    if (redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      Fail(context->errstr);
    }
  }
  std::vector<RedisReplyPtr> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* reply = nullptr;
    // The first call writes the whole pipeline, then each call reads one reply.
    if (redisGetReply(context, &reply) != REDIS_OK || reply == nullptr) {
      Fail(context->err != 0 ? context->errstr : "no reply");
    }
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  return replies;
}

}  // namespace sagashop::cache
