#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include "platform/cache/redis/redis_config.h"
#include "platform/cache/redis/redis_connection_error.h"

namespace sagashop::cache {

// The bytes between us and Redis: a TCP connection, or TLS over one when the configuration has a
// client identity (RedisConfig::tls). hiredis 0.14, the one Debian ships, cannot speak TLS, so the
// connection opens the socket and the TLS session itself and leaves only the protocol (formatting
// commands, parsing replies) to hiredis.
//
// Every wait is bounded: connecting (TCP and the TLS handshake together) by connect_timeout, each
// write or read by command_timeout, as hiredis' own timeouts were. Failures throw
// RedisConnectionError. Move-only; closes the socket when destroyed.
class RedisStream {
 public:
  static RedisStream Open(const RedisConfig& config);

  RedisStream(RedisStream&& other) noexcept;
  RedisStream& operator=(RedisStream&& other) noexcept;
  RedisStream(const RedisStream&) = delete;
  RedisStream& operator=(const RedisStream&) = delete;
  ~RedisStream();

  void WriteAll(std::string_view bytes);
  // Some bytes, at least one, into `buffer`; throws when the server closed the connection.
  std::size_t ReadSome(char* buffer, std::size_t capacity);

  bool UsesTls() const { return ssl_ != nullptr; }

 private:
  struct SslDeleter {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };

  RedisStream(int fd, std::chrono::milliseconds command_timeout)
      : fd_(fd), command_timeout_(command_timeout) {}

  void StartTls(const RedisConfig& config, std::chrono::steady_clock::time_point deadline);
  // Waits until the socket is ready for what the last TLS call wanted (or `events` without TLS).
  void Await(short events, std::chrono::milliseconds timeout, const char* what) const;
  void Close();

  int fd_ = -1;
  std::chrono::milliseconds command_timeout_;
  std::unique_ptr<SSL, SslDeleter> ssl_;
};

}  // namespace sagashop::cache
