#include "support/tls_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>

namespace sagashop::testing {
namespace {

// A TCP connection to 127.0.0.1:`port` from the loopback address `from` (any, when empty), whose
// reads and writes give up after 10 s.
class Socket {
 public:
  explicit Socket(std::uint16_t port, const std::string& from = "")
      : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (!from.empty()) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      if (::inet_pton(AF_INET, from.c_str(), &local.sin_addr) != 1 ||
          ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
        ::close(fd_);
        throw std::runtime_error("cannot bind to " + from);
      }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int Fd() const { return fd_; }

 private:
  int fd_;
};

struct SslCtxFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

}  // namespace

HandshakeOutcome TlsHandshake(std::uint16_t port, const std::string& ca_file, int min_version,
                              int max_version, const std::string& from) {
  ERR_clear_error();
  const std::unique_ptr<SSL_CTX, SslCtxFree> context(SSL_CTX_new(TLS_client_method()));
  // Security level 0 lets OpenSSL offer TLS 1.0 and 1.1 at all: the server must be the one that
  // refuses them.
  SSL_CTX_set_security_level(context.get(), 0);
  SSL_CTX_set_cipher_list(context.get(), "DEFAULT:@SECLEVEL=0");
  if (min_version != 0) SSL_CTX_set_min_proto_version(context.get(), min_version);
  if (max_version != 0) SSL_CTX_set_max_proto_version(context.get(), max_version);
  if (SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr) != 1) {
    throw std::runtime_error("cannot load " + ca_file);
  }
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  const Socket socket(port, from);
  const std::unique_ptr<SSL, SslFree> ssl(SSL_new(context.get()));
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), "127.0.0.1");
  SSL_set_fd(ssl.get(), socket.Fd());
  HandshakeOutcome outcome;
  if (SSL_connect(ssl.get()) == 1) {
    outcome.completed = true;
    outcome.version = SSL_version(ssl.get());
    SSL_shutdown(ssl.get());
    return outcome;
  }
  const unsigned long code = ERR_peek_error();
  outcome.alert_reason = ERR_GET_REASON(code);
  char text[256] = "no OpenSSL error";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  outcome.error = text;
  ERR_clear_error();
  return outcome;
}

std::string PlainHttpExchange(std::uint16_t port) {
  const Socket socket(port);
  const std::string request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (::send(socket.Fd(), request.data(), request.size(), MSG_NOSIGNAL) < 0) return "";
  std::string received;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::recv(socket.Fd(), buffer, sizeof buffer, 0);
    if (n == 0) return received;  // closed
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        throw std::runtime_error("the server neither answered nor closed within 10 s");
      }
      return received;  // reset
    }
    received.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace sagashop::testing
