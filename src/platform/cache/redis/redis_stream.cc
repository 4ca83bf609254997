#include "platform/cache/redis/redis_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace sagashop::cache {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Throw(const std::string& what) {
  throw RedisConnectionError("redis: " + what);
}

// The oldest error OpenSSL queued on this thread, and the queue emptied for the next call.
std::string OpenSslError(const char* fallback) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

struct SslCtxDeleter {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using SslCtx = std::unique_ptr<SSL_CTX, SslCtxDeleter>;

struct AddrinfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

std::chrono::milliseconds Remaining(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

// Waits for `events` on `fd`; false when the time ran out.
bool PollFor(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd entry{fd, events, 0};
  for (;;) {
    const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) Throw(std::string("poll: ") + std::strerror(errno));
  }
}

// A non-blocking TCP connection to one of `host`'s addresses, made within `deadline`.
int ConnectTcp(const RedisConfig& config, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  const std::string port = std::to_string(config.port);
  const std::string where = config.host + ":" + port;
  if (const int rc = ::getaddrinfo(config.host.c_str(), port.c_str(), &hints, &raw); rc != 0) {
    Throw("connect " + where + ": " + ::gai_strerror(rc));
  }
  const std::unique_ptr<addrinfo, AddrinfoDeleter> addresses(raw);
  std::string error = "no address";
  for (const addrinfo* address = raw; address != nullptr; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                            address->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    int rc = ::connect(fd, address->ai_addr, address->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      if (PollFor(fd, POLLOUT, Remaining(deadline))) {
        int so_error = 0;
        socklen_t length = sizeof so_error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length);
        errno = so_error;
        rc = so_error == 0 ? 0 : -1;
      } else {
        errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      // Commands are small and answered at once; Nagle would hold a pipeline's tail back.
      const int on = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      return fd;
    }
    error = std::strerror(errno);
    ::close(fd);
  }
  Throw("connect " + where + ": " + error);
}

SslCtx ClientContext(const core::TlsClientFiles& files) {
  SslCtx context(SSL_CTX_new(TLS_client_method()));
  if (!context) Throw("TLS: " + OpenSslError("cannot create a context"));
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(context.get(), files.ca_file.c_str(), nullptr) != 1) {
    Throw("TLS CA file " + files.ca_file + ": " + OpenSslError("cannot be read"));
  }
  // Without a certificate the client stays anonymous; RedisConfig::Validate asks for one, but a
  // test proves the server refuses such a client.
  if (files.cert_file.empty()) return context;
  if (SSL_CTX_use_certificate_chain_file(context.get(), files.cert_file.c_str()) != 1) {
    Throw("TLS certificate file " + files.cert_file + ": " + OpenSslError("cannot be read"));
  }
  if (SSL_CTX_use_PrivateKey_file(context.get(), files.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(context.get()) != 1) {
    Throw("TLS key file " + files.key_file + ": " + OpenSslError("does not fit the certificate"));
  }
  return context;
}

// What the TLS call that returned `rc` waits for: POLLIN, POLLOUT, or 0 when it failed for good.
short TlsWants(SSL* ssl, int rc) {
  switch (SSL_get_error(ssl, rc)) {
    case SSL_ERROR_WANT_READ:
      return POLLIN;
    case SSL_ERROR_WANT_WRITE:
      return POLLOUT;
    default:
      return 0;
  }
}

}  // namespace

RedisStream RedisStream::Open(const RedisConfig& config) {
  const Clock::time_point deadline = Clock::now() + config.connect_timeout;
  RedisStream stream(ConnectTcp(config, deadline), config.command_timeout);
  // The handshake shares the connect deadline.
  if (config.tls) stream.StartTls(config, deadline);
  return stream;
}

void RedisStream::StartTls(const RedisConfig& config,
                           std::chrono::steady_clock::time_point deadline) {
  ERR_clear_error();
  const SslCtx context = ClientContext(*config.tls);
  ssl_.reset(SSL_new(context.get()));
  if (!ssl_ || SSL_set_fd(ssl_.get(), fd_) != 1) Throw("TLS: " + OpenSslError("no session"));
  // The server's certificate must name the address we dialled: an IP address against its IP
  // entries, a host name against its DNS entries (and sent as SNI).
  in6_addr ip{};
  const bool is_ip = ::inet_pton(AF_INET, config.host.c_str(), &ip) == 1 ||
                     ::inet_pton(AF_INET6, config.host.c_str(), &ip) == 1;
  X509_VERIFY_PARAM* verify = SSL_get0_param(ssl_.get());
  const int named = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(verify, config.host.c_str())
                          : SSL_set1_host(ssl_.get(), config.host.c_str());
  if (named != 1) Throw("TLS: cannot check the server's name " + config.host);
  if (!is_ip) SSL_set_tlsext_host_name(ssl_.get(), config.host.c_str());
  for (;;) {
    ERR_clear_error();
    const int rc = SSL_connect(ssl_.get());
    if (rc == 1) return;
    const short wants = TlsWants(ssl_.get(), rc);
    if (wants == 0) {
      const long verdict = SSL_get_verify_result(ssl_.get());
      std::string why = verdict != X509_V_OK ? X509_verify_cert_error_string(verdict)
                                             : OpenSslError("the server closed the connection");
      Throw("TLS handshake with " + config.host + ":" + std::to_string(config.port) + ": " + why);
    }
    Await(wants, Remaining(deadline), "the TLS handshake");
  }
}

void RedisStream::Await(short events, std::chrono::milliseconds timeout, const char* what) const {
  if (!PollFor(fd_, events, timeout)) Throw(std::string("timed out waiting for ") + what);
}

void RedisStream::WriteAll(std::string_view bytes) {
  while (!bytes.empty()) {
    if (ssl_) {
      ERR_clear_error();
      const int rc = SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size()));
      if (rc > 0) {
        bytes.remove_prefix(static_cast<std::size_t>(rc));
        continue;
      }
      const short wants = TlsWants(ssl_.get(), rc);
      if (wants == 0) Throw("write: " + OpenSslError("connection closed"));
      Await(wants, command_timeout_, "Redis to take a command");
      continue;
    }
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      Await(POLLOUT, command_timeout_, "Redis to take a command");
    } else if (sent < 0 && errno != EINTR) {
      Throw(std::string("write: ") + std::strerror(errno));
    }
  }
}

std::size_t RedisStream::ReadSome(char* buffer, std::size_t capacity) {
  for (;;) {
    if (ssl_) {
      ERR_clear_error();
      const int rc = SSL_read(ssl_.get(), buffer, static_cast<int>(capacity));
      if (rc > 0) return static_cast<std::size_t>(rc);
      const short wants = TlsWants(ssl_.get(), rc);
      if (wants == 0) Throw("read: " + OpenSslError("server closed the connection"));
      Await(wants, command_timeout_, "a reply");
      continue;
    }
    const ssize_t got = ::recv(fd_, buffer, capacity, 0);
    if (got > 0) return static_cast<std::size_t>(got);
    if (got == 0) Throw("read: server closed the connection");
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      Await(POLLIN, command_timeout_, "a reply");
    } else if (errno != EINTR) {
      Throw(std::string("read: ") + std::strerror(errno));
    }
  }
}

RedisStream::RedisStream(RedisStream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      command_timeout_(other.command_timeout_),
      ssl_(std::move(other.ssl_)) {}

RedisStream& RedisStream::operator=(RedisStream&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    command_timeout_ = other.command_timeout_;
    ssl_ = std::move(other.ssl_);
  }
  return *this;
}

RedisStream::~RedisStream() {
  Close();
}

void RedisStream::Close() {
  // No close_notify: the peer learns from the TCP close, and a dead peer cannot make us wait.
  ssl_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace sagashop::cache
