#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace sagashop::http {

// Settings of an AsyncHttpClient: one host:port, a bounded pool of keep-alive connections and a
// bounded queue of requests waiting for one.
struct AsyncClientConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int max_connections = 64;
  // Requests waiting for a free connection; one more is failed at once instead of queued.
  int max_queued = 1024;
  // From Send() to the last byte of the response, the wait for a connection included.
  std::chrono::milliseconds request_timeout{5000};
  // HTTPS: the server's certificate must be signed by a CA of this context
  // (tls::MakeClientContext) and name `host`. Null: plain HTTP.
  std::shared_ptr<boost::asio::ssl::context> tls;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::http
