#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "platform/http/http_stream.h"
#include "platform/http/message_conversion.h"
#include "platform/http/problem.h"
#include "platform/http/router.h"
#include "platform/http/server_state.h"

namespace sagashop::http {

// One accepted HTTP/1.1 connection, plain or TLS: reads requests one after another (keep-alive,
// pipelined bytes wait in the buffer), hands each to the worker pool and writes the response back.
// All its state is touched only on its strand, the executor of its socket; the worker posts the
// response there. A TLS connection first completes its handshake, within header_timeout: bytes
// that are not a TLS handshake (plain HTTP sent to an HTTPS port) close it unanswered.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `client` is the address the connection came from, counted against the per-client limit.
  Connection(HttpStream stream, ServerState& state, boost::asio::any_io_executor workers,
             boost::asio::ip::address client);
  ~Connection();

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Registers with the server and starts reading. Call once, right after construction.
  void Start();
  // Thread-safe. An idle connection closes now; a busy one finishes its request, answers with
  // `Connection: close` and closes.
  void Shutdown();
  // Thread-safe. Closes at once, whatever it is doing.
  void ForceClose();

 private:
  enum class Phase { kReading, kHandling, kWriting, kClosing, kClosed };

  void Handshake();
  void ReadNextRequest();
  void WaitForFirstByte();
  void ReadHeader();
  void OnHeaderRead(boost::beast::error_code ec);
  void ReadBody();
  void OnBodyRead(boost::beast::error_code ec);
  void OnReadFailed(boost::beast::error_code ec);
  void OnRequestRead();
  void Reject(const Problem& problem);
  void Write(const Response& response, bool keep_alive);
  void OnWritten(boost::beast::error_code ec);
  void LingeringClose();
  void Drain();
  void Close();
  bool Idle() const;

  HttpStream stream_;
  ServerState& state_;
  boost::asio::any_io_executor workers_;
  const std::uint64_t id_;
  const boost::asio::ip::address client_;

  Phase phase_ = Phase::kReading;
  bool shutdown_requested_ = false;
  unsigned version_ = 11;  // of the request being answered; 11 until its header is parsed
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  BeastResponse response_;
  std::array<char, 4096> drain_buffer_{};

  // The request being answered, for its RequestRecord.
  std::string method_;
  std::string route_;
  bool shed_ = false;          // the request being answered was shed (RequestRecord::shed)
  bool rate_limited_ = false;  // ... or refused for its client's rate (RequestRecord)
  bool counted_in_flight_ = false;
  std::chrono::steady_clock::time_point request_read_at_;
};

}  // namespace sagashop::http
