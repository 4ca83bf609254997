#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sagashop::http::testing {

// A socket that speaks bytes, not HTTP, for requests HttpClient would never send (malformed,
// chunked, pipelined). Every read has a deadline, so a server that fails to answer fails the test
// instead of hanging it.
class RawConnection {
 public:
  // `from` is the local address to connect from: any of 127.0.0.0/8 is another client of a
  // server on 127.0.0.1.
  explicit RawConnection(std::uint16_t port,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10),
                         std::string_view from = "")
      : socket_(io_), timeout_(timeout) {
    if (!from.empty()) {
      socket_.open(boost::asio::ip::tcp::v4());
      socket_.bind({boost::asio::ip::make_address(from), 0});
    }
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  void Write(std::string_view bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }

  // Everything received until `text` has arrived (and whatever came with it).
  std::string ReadUntil(std::string_view text) {
    while (received_.find(text) == std::string::npos) {
      if (!ReadSome())
        throw std::runtime_error("connection closed before '" + std::string(text) + "'");
    }
    return received_;
  }

  // Everything received until `text` has arrived, or until the server closed the connection
  // (then whatever came before, perhaps nothing). A reset counts as closed.
  std::string ReadUntilClosedOr(std::string_view text) {
    while (received_.find(text) == std::string::npos) {
      if (!ReadSome()) break;
    }
    return received_;
  }

  // Everything received until the server closed the connection.
  std::string ReadUntilClosed() {
    while (ReadSome()) {
    }
    return received_;
  }

  const std::string& Received() const { return received_; }

 private:
  // False on end of stream (or reset); throws when the deadline passes first.
  bool ReadSome() {
    bool done = false;
    boost::system::error_code result;
    std::size_t count = 0;
    socket_.async_read_some(boost::asio::buffer(chunk_),
                            [&](boost::system::error_code ec, std::size_t n) {
                              done = true;
                              result = ec;
                              count = n;
                            });
    io_.restart();
    io_.run_for(timeout_);
    if (!done) {
      socket_.cancel();
      io_.restart();
      io_.run();
      throw std::runtime_error("no bytes from the server within the deadline; received so far: " +
                               received_);
    }
    received_.append(chunk_, count);
    return !result;
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::chrono::milliseconds timeout_;
  char chunk_[4096] = {};
  std::string received_;
};

// The parts of the first HTTP response in `raw`.
struct RawResponse {
  int status = 0;
  std::string head;  // status line and header fields
  std::string body;
};

inline RawResponse ParseRawResponse(const std::string& raw) {
  RawResponse response;
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) {
    throw std::runtime_error("not an HTTP response: " + raw);
  }
  response.status = std::stoi(raw.substr(9, 3));
  response.head = raw.substr(0, head_end);
  response.body = raw.substr(head_end + 4);
  return response;
}

// Whether a TCP connection to the port is accepted right now.
inline bool CanConnect(std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

}  // namespace sagashop::http::testing
