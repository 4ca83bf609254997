#include "platform/http/client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <optional>

#include "platform/http/message_conversion.h"
#include "platform/http/stale_connection.h"

namespace sagashop::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using net::ip::tcp;

struct HttpClient::Attempt {
  beast::error_code error;
  bool got_response_bytes = false;
  std::optional<bhttp::response<bhttp::string_body>> response;
};

namespace {

bool IsProtocolError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

bool HasHeader(const HttpClient::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return true;
  }
  return false;
}

}  // namespace

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout,
                       std::shared_ptr<net::ssl::context> tls)
    : host_(std::move(host)), port_(port), timeout_(timeout), tls_(std::move(tls)) {}

HttpClient::~HttpClient() {
  Close();
}

// Runs one asynchronous operation to completion on this client's own io_context, so the
// stream's timer can bound it.
template <class StartOperation>
beast::error_code HttpClient::Run(StartOperation&& start) {
  beast::error_code result;
  stream_->Tcp().expires_after(timeout_);
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  io_.restart();
  io_.run();
  return result;
}

void HttpClient::Close() {
  if (!connected_) return;
  connected_ = false;
  beast::error_code ignored;
  stream_->Tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_->Tcp().close();
  stream_.reset();
  buffer_.clear();
}

void HttpClient::Connect() {
  const std::string where = host_ + ":" + std::to_string(port_);
  tcp::resolver resolver(io_);
  beast::error_code ec;
  tcp::resolver::results_type endpoints;
  resolver.async_resolve(host_, std::to_string(port_),
                         [&](beast::error_code resolve_ec, tcp::resolver::results_type results) {
                           ec = resolve_ec;
                           endpoints = std::move(results);
                         });
  io_.restart();
  io_.run();
  if (ec) throw HttpClientError(true, "cannot resolve " + where + ": " + ec.message());

  beast::tcp_stream tcp(io_);
  stream_.emplace(tls_ ? HttpStream(std::move(tcp), *tls_) : HttpStream(std::move(tcp)));
  ec = Run([&](auto handler) { stream_->AsyncConnect(endpoints, std::move(handler)); });
  if (ec) {
    stream_.reset();
    throw HttpClientError(true, "cannot connect to " + where + ": " + ec.message());
  }
  beast::error_code ignored;
  stream_->Tcp().socket().set_option(tcp::no_delay(true), ignored);
  if (tls_) {
    stream_->ExpectServerName(host_);
    ec = Run([&](auto handler) {
      stream_->AsyncHandshake(net::ssl::stream_base::client, std::move(handler));
    });
    if (ec) {
      stream_.reset();
      // A refused certificate stays refused; a connection lost mid-handshake may not.
      const bool refused = ec.category() == net::error::get_ssl_category();
      throw HttpClientError(!refused, "TLS handshake with " + where + " failed: " + ec.message());
    }
  }
  buffer_.clear();
  connected_ = true;
  ++connections_opened_;
}

HttpClient::Attempt HttpClient::Exchange(const Message& request) {
  Attempt attempt;
  attempt.error =
      Run([&](auto handler) { bhttp::async_write(*stream_, request, std::move(handler)); });
  if (attempt.error) return attempt;

  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  attempt.error =
      Run([&](auto handler) { bhttp::async_read(*stream_, buffer_, parser, std::move(handler)); });
  attempt.got_response_bytes = parser.got_some() || buffer_.size() > 0;
  if (!attempt.error) attempt.response = parser.release();
  return attempt;
}

Response HttpClient::Send(std::string_view method, std::string_view target, std::string_view body,
                          const Headers& headers) {
  Message request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
  request.set(bhttp::field::user_agent, "sagashop-http-client");
  for (const auto& [name, value] : headers) request.insert(name, value);
  for (const auto& [name, value] : default_headers_) {
    if (!HasHeader(headers, name)) request.insert(name, value);
  }
  if (!body.empty() && !HasHeader(headers, "content-type")) {
    request.set(bhttp::field::content_type, "application/json");
  }
  request.body() = std::string(body);
  request.prepare_payload();

  const bool reused = connected_;
  if (!connected_) Connect();
  Attempt attempt = Exchange(request);
  if (attempt.error && reused && !attempt.got_response_bytes &&
      LooksLikeClosedIdleConnection(attempt.error)) {
    Close();
    Connect();
    attempt = Exchange(request);
  }
  if (attempt.error) {
    Close();
    const std::string what = std::string(method) + " " + std::string(target) + " to " + host_ +
                             ":" + std::to_string(port_) + " failed: " + attempt.error.message();
    throw HttpClientError(!IsProtocolError(attempt.error), what);
  }

  auto& message = *attempt.response;
  if (!message.keep_alive()) Close();
  return FromBeast(std::move(message));
}

}  // namespace sagashop::http
