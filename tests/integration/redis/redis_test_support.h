#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/cache/redis/redis_connection.h"
#include "support/eventually.h"

extern char** environ;

namespace sagashop::cache::testing {

inline std::string RandomSuffix() {
  std::random_device random;
  char text[9];
  std::snprintf(text, sizeof text, "%08x", std::uniform_int_distribution<std::uint32_t>()(random));
  return text;
}

// A loopback port nothing listens on: bound once to get a free number, then released.
inline int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

inline RedisConfig ConfigFor(const std::string& host, int port) {
  RedisConfig config;
  config.host = host;
  config.port = port;
  config.key_prefix = "sagashop-test-" + RandomSuffix() + ":";
  return config;
}

// Runs raw commands, for checking what the cache wrote.
inline std::vector<RedisReplyPtr> RawCommands(const RedisConfig& config,
                                              const std::vector<RedisCommand>& commands) {
  RedisConnection connection = RedisConnection::Connect(config);
  return connection.Pipeline(commands);
}

// A redis-server of the test's own on 127.0.0.1, without persistence, that the test can stop and
// start again on the same port.
class RedisServerProcess {
 public:
  RedisServerProcess() : port_(FreePort()) { Start(); }
  ~RedisServerProcess() { Stop(); }
  RedisServerProcess(const RedisServerProcess&) = delete;
  RedisServerProcess& operator=(const RedisServerProcess&) = delete;

  int Port() const { return port_; }

  void Start() {
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {
        "redis-server", "--port", port,         "--bind",  "127.0.0.1",   "--save", "",
        "--appendonly", "no",     "--loglevel", "warning", "--daemonize", "no"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    // Its log would drown the test output; what matters is whether it answers.
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawnp(&pid_, "redis-server", &quiet, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&quiet);
    if (spawned != 0) throw std::runtime_error("cannot start redis-server (is it on PATH?)");
    RedisConfig config = ConfigFor("127.0.0.1", port_);
    const bool up = sagashop::testing::Eventually(
        [&] {
          try {
            return RawCommands(config, {{"PING"}}).front()->type == REDIS_REPLY_STATUS;
          } catch (const RedisConnectionError&) {
            return false;
          }
        },
        std::chrono::seconds(10));
    if (!up) throw std::runtime_error("redis-server did not answer on port " + port);
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace sagashop::cache::testing
