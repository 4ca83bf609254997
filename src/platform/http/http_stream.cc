#include "platform/http/http_stream.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <utility>

namespace sagashop::http {

HttpStream::HttpStream(Plain stream) : stream_(std::in_place_type<Plain>, std::move(stream)) {}

HttpStream::HttpStream(Plain stream, boost::asio::ssl::context& context)
    : stream_(std::in_place_type<Tls>, std::move(stream), context) {}

HttpStream::Plain& HttpStream::Tcp() {
  return std::visit([](auto& stream) -> Plain& { return boost::beast::get_lowest_layer(stream); },
                    stream_);
}

void HttpStream::ExpectServerName(const std::string& host) {
  Tls& tls = std::get<Tls>(stream_);
  boost::system::error_code ec;
  if (boost::asio::ip::make_address(host, ec); ec) {
    SSL_set_tlsext_host_name(tls.native_handle(), host.c_str());
  }
  tls.set_verify_callback(boost::asio::ssl::host_name_verification(host));
}

void HttpStream::Connect(const boost::asio::ip::tcp::resolver::results_type& endpoints,
                         Erased<ConnectSignature> handler) {
  Tcp().async_connect(endpoints, std::move(handler));
}

void HttpStream::Handshake(boost::asio::ssl::stream_base::handshake_type side,
                           Erased<HandshakeSignature> handler) {
  std::get<Tls>(stream_).async_handshake(side, std::move(handler));
}

void HttpStream::ReadTcp(boost::asio::mutable_buffer buffer, Erased<IoSignature> handler) {
  Tcp().async_read_some(buffer, std::move(handler));
}

void HttpStream::ReadSome(boost::asio::mutable_buffer buffer, Erased<IoSignature> handler) {
  std::visit([&](auto& stream) { stream.async_read_some(buffer, std::move(handler)); }, stream_);
}

void HttpStream::WriteSome(const Gathered& buffers, Erased<IoSignature> handler) {
  std::visit([&](auto& stream) { stream.async_write_some(buffers, std::move(handler)); }, stream_);
}

}  // namespace sagashop::http
