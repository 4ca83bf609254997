#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <string>
#include <utility>
#include <variant>

namespace sagashop::http {

// The bytes of one HTTP connection: plain TCP, or TLS over TCP (Boost.Asio SSL over OpenSSL). The
// servers and clients run one code path for both: Beast's reads and writes go through Visit,
// which hands them whichever stream this is; timeouts and closing act on the TCP layer beneath.
class HttpStream {
 public:
  using Plain = boost::beast::tcp_stream;
  using Tls = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  explicit HttpStream(Plain stream) : stream_(std::in_place_type<Plain>, std::move(stream)) {}
  // TLS with `context`, which must outlive the stream; the handshake is the caller's first step.
  HttpStream(Plain stream, boost::asio::ssl::context& context)
      : stream_(std::in_place_type<Tls>, std::move(stream), context) {}

  bool IsTls() const { return std::holds_alternative<Tls>(stream_); }
  Tls& TlsLayer() { return std::get<Tls>(stream_); }

  // The TCP stream: its timer bounds every operation, its socket is what closes.
  Plain& Tcp() {
    return std::visit([](auto& stream) -> Plain& { return boost::beast::get_lowest_layer(stream); },
                      stream_);
  }

  // Calls `operation(stream)` with the plain or the TLS stream: for Beast's asynchronous reads and
  // writes, which take either.
  template <class Operation>
  decltype(auto) Visit(Operation&& operation) {
    return std::visit(std::forward<Operation>(operation), stream_);
  }

  // A client's TLS stream: names `host` in the handshake (SNI, for a DNS name) and accepts only a
  // certificate issued for it (its DNS name or IP address among the certificate's names).
  void ExpectServerName(const std::string& host) {
    Tls& tls = TlsLayer();
    boost::system::error_code ec;
    if (boost::asio::ip::make_address(host, ec); ec) {
      SSL_set_tlsext_host_name(tls.native_handle(), host.c_str());
    }
    tls.set_verify_callback(boost::asio::ssl::host_name_verification(host));
  }

 private:
  std::variant<Plain, Tls> stream_;
};

}  // namespace sagashop::http
