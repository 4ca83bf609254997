#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/http/http_stream.h"
#include "platform/http/response.h"

namespace sagashop::http {

// Why a request got no response. Retryable: the server could not be reached, the connection
// broke or a timeout expired (the request may or may not have been processed; retry idempotent
// requests, or ones carrying an Idempotency-Key). Not retryable: the reply was not valid HTTP, or
// the server's certificate was refused (TLS).
class HttpClientError : public std::runtime_error {
 public:
  HttpClientError(bool retryable, const std::string& message)
      : std::runtime_error(message), retryable_(retryable) {}
  bool IsRetryable() const { return retryable_; }

 private:
  bool retryable_;
};

// A blocking HTTP/1.1 client over one keep-alive connection, for tests and the load generator;
// HTTPS when given a TLS context (tls::MakeClientContext), which then checks the server's
// certificate against its CAs and against `host`.
// Not thread-safe: use one client per thread (each owns its connection and its own io_context).
//
// A kept-alive connection the server has meanwhile closed is detected when the request fails
// before any byte of a response arrived; the client then reconnects and sends it once more (the
// server cannot have answered it). `timeout` bounds each step: connecting, writing, reading.
class HttpClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(30),
             std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~HttpClient();

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and waits for its response. The returned Response carries every response
  // header in `headers`. A non-empty body without a Content-Type header is sent as
  // application/json. Throws HttpClientError.
  Response Send(std::string_view method, std::string_view target, std::string_view body = {},
                const Headers& headers = {});

  // Headers sent with every request that does not carry its own of the same name, such as the
  // `Authorization` of the caller every request speaks for.
  void SetDefaultHeaders(Headers headers) { default_headers_ = std::move(headers); }

  // How many TCP connections this client has opened so far.
  std::uint64_t ConnectionsOpened() const { return connections_opened_; }

  void Close();

 private:
  using Message = boost::beast::http::request<boost::beast::http::string_body>;
  struct Attempt;

  void Connect();
  Attempt Exchange(const Message& request);
  template <class StartOperation>
  boost::beast::error_code Run(StartOperation&& start);

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::optional<HttpStream> stream_;  // a new one per connection: a TLS session is not reused
  boost::beast::flat_buffer buffer_;
  Headers default_headers_;
  bool connected_ = false;
  std::uint64_t connections_opened_ = 0;
};

}  // namespace sagashop::http
