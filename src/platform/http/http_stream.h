#pragma once

#include <array>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace sagashop::http {

// The bytes of one HTTP connection: plain TCP, or TLS over TCP (Boost.Asio SSL over OpenSSL).
// Timeouts and closing act on the TCP layer beneath either.
//
// It is itself a stream for Beast's reads and writes, one type whichever bytes flow beneath: its
// reads and writes take one buffer type and a type-erased completion handler, so the TCP and TLS
// operations are compiled once, in http_stream.cc, rather than for every Beast operation of every
// file that speaks HTTP, and Beast's own operations once rather than once per kind of stream
// (docs/building.md). The price is one small allocation per read or write, beside the work of a
// request.
class HttpStream {
 public:
  using Plain = boost::beast::tcp_stream;
  using Tls = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  using executor_type = boost::asio::any_io_executor;
  using IoSignature = void(boost::system::error_code, std::size_t);
  using ConnectSignature = void(boost::system::error_code, boost::asio::ip::tcp::endpoint);
  using HandshakeSignature = void(boost::system::error_code);

  explicit HttpStream(Plain stream);
  // TLS with `context`, which must outlive the stream; the handshake is the caller's first step.
  HttpStream(Plain stream, boost::asio::ssl::context& context);

  bool IsTls() const { return std::holds_alternative<Tls>(stream_); }

  // The TCP stream: its timer bounds every operation, its socket is what closes.
  Plain& Tcp();
  executor_type get_executor() { return Tcp().get_executor(); }

  // A client's TLS stream: names `host` in the handshake (SNI, for a DNS name) and accepts only a
  // certificate issued for it (its DNS name or IP address among the certificate's names).
  void ExpectServerName(const std::string& host);

  template <class Handler>
  void AsyncConnect(const boost::asio::ip::tcp::resolver::results_type& endpoints,
                    Handler&& handler) {
    Connect(endpoints, Erase<ConnectSignature>(std::forward<Handler>(handler)));
  }

  template <class Handler>
  void AsyncHandshake(boost::asio::ssl::stream_base::handshake_type side, Handler&& handler) {
    Handshake(side, Erase<HandshakeSignature>(std::forward<Handler>(handler)));
  }

  // Reads raw TCP bytes even on a TLS connection: what a closing server discards unread.
  template <class Handler>
  void AsyncReadTcp(boost::asio::mutable_buffer buffer, Handler&& handler) {
    ReadTcp(buffer, Erase<IoSignature>(std::forward<Handler>(handler)));
  }

  // Beast's AsyncReadStream and AsyncWriteStream. A read fills the first non-empty buffer it is
  // given and a write sends at most kGathered buffers: both may do less than asked, as their
  // contract allows, and Beast's composed operations call again for the rest.
  template <class MutableBuffers, class ReadToken>
  auto async_read_some(const MutableBuffers& buffers, ReadToken&& token) {
    return boost::asio::async_initiate<ReadToken, IoSignature>(
        [this](auto handler, boost::asio::mutable_buffer buffer) {
          ReadSome(buffer, Erase<IoSignature>(std::move(handler)));
        },
        token, FirstNonEmpty(buffers));
  }

  template <class ConstBuffers, class WriteToken>
  auto async_write_some(const ConstBuffers& buffers, WriteToken&& token) {
    return boost::asio::async_initiate<WriteToken, IoSignature>(
        [this](auto handler, const Gathered& gathered) {
          WriteSome(gathered, Erase<IoSignature>(std::move(handler)));
        },
        token, Gather(buffers));
  }

 private:
  // Asio's own gather-write sends at most 64 buffers per call, and Beast's TLS stream copies what
  // it is given into one record: 64 lets a response's header fields and body leave in one write.
  static constexpr std::size_t kGathered = 64;

  // A fixed buffer sequence type: what every write hands the layer beneath.
  struct Gathered {
    std::array<boost::asio::const_buffer, kGathered> buffers;
    std::size_t count = 0;
    const boost::asio::const_buffer* begin() const { return buffers.data(); }
    const boost::asio::const_buffer* end() const { return buffers.data() + count; }
  };

  template <class MutableBuffers>
  static boost::asio::mutable_buffer FirstNonEmpty(const MutableBuffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::mutable_buffer buffer(*it);
      if (buffer.size() != 0) return buffer;
    }
    return {};
  }

  template <class ConstBuffers>
  static Gathered Gather(const ConstBuffers& buffers) {
    Gathered gathered;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && gathered.count < kGathered; ++it) {
      boost::asio::const_buffer buffer(*it);
      if (buffer.size() != 0) gathered.buffers[gathered.count++] = buffer;
    }
    return gathered;
  }

  // A completion handler of one type per signature. It keeps the executor it is to run on
  // outside the erasure: Beast's operations post to that executor, which any_completion_handler's
  // own executor type does not allow in Boost 1.81.
  template <class Signature>
  using Erased =
      boost::asio::executor_binder<boost::asio::any_completion_handler<Signature>, executor_type>;

  template <class Signature, class Handler>
  Erased<Signature> Erase(Handler&& handler) {
    executor_type executor = boost::asio::get_associated_executor(handler, get_executor());
    return boost::asio::bind_executor(
        std::move(executor),
        boost::asio::any_completion_handler<Signature>(std::forward<Handler>(handler)));
  }

  void Connect(const boost::asio::ip::tcp::resolver::results_type& endpoints,
               Erased<ConnectSignature> handler);
  void Handshake(boost::asio::ssl::stream_base::handshake_type side,
                 Erased<HandshakeSignature> handler);
  void ReadTcp(boost::asio::mutable_buffer buffer, Erased<IoSignature> handler);
  void ReadSome(boost::asio::mutable_buffer buffer, Erased<IoSignature> handler);
  void WriteSome(const Gathered& buffers, Erased<IoSignature> handler);

  std::variant<Plain, Tls> stream_;
};

}  // namespace sagashop::http
