#include "platform/cache/redis/redis_connection.h"

#include <array>
#include <utility>

#include "platform/cache/redis/sigpipe_guard.h"

namespace sagashop::cache {
namespace {

struct CommandDeleter {
  void operator()(char* command) const { redisFreeCommand(command); }
};

// One command in the protocol's wire form.
std::string Formatted(const RedisCommand& command) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(command.size());
  lengths.reserve(command.size());
  for (const std::string& argument : command) {
    argv.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  char* raw = nullptr;
  const int length =
      redisFormatCommandArgv(&raw, static_cast<int>(argv.size()), argv.data(), lengths.data());
  const std::unique_ptr<char, CommandDeleter> formatted(raw);
  if (length < 0 || raw == nullptr) throw RedisConnectionError("redis: cannot format a command");
  return {raw, static_cast<std::size_t>(length)};
}

}  // namespace

RedisConnection::RedisConnection(RedisStream stream)
    : stream_(std::move(stream)), reader_(redisReaderCreate()) {
  if (!reader_) throw RedisConnectionError("redis: out of memory");
}

RedisConnection RedisConnection::Connect(const RedisConfig& config) {
  return RedisConnection(RedisStream::Open(config));
}

void RedisConnection::Fail(const std::string& what) {
  broken_ = true;
  throw RedisConnectionError("redis: " + what);
}

RedisReplyPtr RedisConnection::NextReply() {
  std::array<char, std::size_t{16} * 1024> buffer;
  for (;;) {
    void* reply = nullptr;
    if (redisReaderGetReply(reader_.get(), &reply) != REDIS_OK) {
      Fail(std::string("protocol error: ") + reader_->errstr);
    }
    if (reply != nullptr) return RedisReplyPtr(static_cast<redisReply*>(reply));
    const std::size_t got = stream_.ReadSome(buffer.data(), buffer.size());
    if (redisReaderFeed(reader_.get(), buffer.data(), got) != REDIS_OK) {
      Fail(std::string("protocol error: ") + reader_->errstr);
    }
  }
}

std::vector<RedisReplyPtr> RedisConnection::Pipeline(const std::vector<RedisCommand>& commands) {
  if (IsBroken()) throw RedisConnectionError("redis: connection is broken");
  // The socket is written with MSG_NOSIGNAL, but OpenSSL writes TLS records with write(2).
  SigpipeGuard no_sigpipe;
  std::string wire;
  for (const RedisCommand& command : commands) wire += Formatted(command);
  std::vector<RedisReplyPtr> replies;
  replies.reserve(commands.size());
  try {
    stream_.WriteAll(wire);
    for (std::size_t i = 0; i < commands.size(); ++i) replies.push_back(NextReply());
  } catch (const RedisConnectionError&) {
    broken_ = true;
    throw;
  }
  return replies;
}

}  // namespace sagashop::cache
