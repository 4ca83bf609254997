#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "platform/http/request_record.h"
#include "platform/http/router.h"
#include "platform/http/server_config.h"
#include "platform/http/server_state.h"

namespace sagashop::http {

// An asynchronous HTTP/1.1 server (Boost.Beast) with keep-alive, over TLS when the config names a
// certificate (HTTPS; see tls::MakeServerContext for versions and ciphers). Network I/O runs on
// `io_threads`; handlers run on a separate pool of `worker_threads`, because they block on the
// database, and their responses are written back on the connection's strand. A deferred handler
// (Router::AddDeferred) returns at once and answers later from any thread, holding no worker
// while it waits.
//
// Limits: a body over max_body_bytes gets 413 (whether Content-Length announces it or a chunked
// body grows past it), a header section over max_header_bytes gets 431, malformed HTTP gets 400;
// each of those closes the connection. A handler's ProblemError becomes its problem response; any
// other exception a generic 500 (the cause is logged, never sent).
class Server {
 public:
  // Validates `config` (std::invalid_argument naming the setting) and reads its certificate and
  // key (std::runtime_error naming the file).
  Server(ServerConfig config, Router router, RequestObserver observer = {});
  ~Server();  // Stop()s

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. Throws std::runtime_error naming address:port if it cannot listen,
  // std::logic_error if called twice.
  void Start();

  // The port actually bound (the ephemeral one when config.port is 0); 0 before Start().
  std::uint16_t Port() const { return port_; }

  // Requests read and not yet answered.
  int InFlight() const { return state_->InFlight(); }

  // Graceful and idempotent: stops accepting (new connections are refused), closes idle
  // keep-alive connections, lets requests in flight finish and their responses be written (with
  // `Connection: close`) for up to shutdown_timeout, then closes what is left and joins the
  // threads. A handler still running past the deadline is waited for, since a thread cannot be
  // cancelled: handlers must bound their own blocking (e.g. statement timeouts).
  void Stop();

 private:
  void Accept();
  void OnAccepted(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  // Closes a connection over a limit at once, reports it and logs it (at most every 10 s).
  void Refuse(boost::asio::ip::tcp::socket socket, const boost::asio::ip::tcp::endpoint& peer,
              ConnectionRegistry::Admission admission);
  void CloseAcceptor();

  // Destruction order matters: connections (held by pending handlers of the pool and the
  // io_context) reach back into state_, so state_ is declared first and destroyed last.
  std::unique_ptr<ServerState> state_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // null: plain HTTP
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> io_threads_;
  std::uint16_t port_ = 0;
  // On the acceptor's strand only.
  std::chrono::steady_clock::time_point last_refusal_logged_{};

  std::mutex lifecycle_mutex_;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace sagashop::http
