#include "platform/http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <future>
#include <stdexcept>

#include "platform/http/connection.h"
#include "platform/log/log_scope.h"
#include "platform/tls/tls_context.h"

namespace sagashop::http {
namespace net = boost::asio;
namespace beast = boost::beast;
using net::ip::tcp;

namespace {

ServerConfig Validated(ServerConfig config) {
  config.Validate();
  return config;
}

// A failed accept (e.g. out of file descriptors) would fail again at once; pause before retrying.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
// Refused connections are logged at most this often.
constexpr std::chrono::seconds kRefusalLogInterval{10};
constexpr std::chrono::seconds kForceCloseGrace{1};

}  // namespace

Server::Server(ServerConfig config, Router router, RequestObserver observer)
    : state_(std::make_unique<ServerState>(Validated(std::move(config)), std::move(router),
                                           std::move(observer), log::CaptureLogContext())),
      tls_(state_->Config().UsesTls()
               ? tls::MakeServerContext(state_->Config().tls_certificate_chain,
                                        state_->Config().tls_private_key)
               : nullptr),
      io_(state_->Config().io_threads),
      workers_(static_cast<std::size_t>(state_->Config().worker_threads)),
      acceptor_(net::make_strand(io_)),
      accept_retry_(acceptor_.get_executor()) {}

Server::~Server() {
  Stop();
}

void Server::Start() {
  std::lock_guard lock(lifecycle_mutex_);
  if (started_) throw std::logic_error("http server started twice");
  started_ = true;

  const ServerConfig& config = state_->Config();
  const tcp::endpoint endpoint(net::ip::make_address(config.address), config.port);
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    stopped_ = true;
    throw std::runtime_error("http server cannot listen on " + config.address + ":" +
                             std::to_string(config.port) + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();

  // Keeps run() going while no I/O is pending, e.g. while every request sits with a worker.
  work_.emplace(io_.get_executor());
  net::dispatch(acceptor_.get_executor(), [this] { Accept(); });
  for (int i = 0; i < config.io_threads; ++i) {
    io_threads_.emplace_back([this] {
      const log::LogScope scope(state_->LogContext());
      io_.run();
    });
  }
  spdlog::info("http server listening on {}:{} ({})", config.address, port_,
               tls_ ? "HTTPS" : "plain HTTP");
  if (config.rate_limit_per_client <= 0) {
    spdlog::warn("http server on {}:{}: no rate limit per client (--http-rate-limit-per-client=0)",
                 config.address, port_);
  }
}

void Server::Accept() {
  acceptor_.async_accept(net::make_strand(io_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           OnAccepted(ec, std::move(socket));
                         });
}

void Server::OnAccepted(boost::system::error_code ec, tcp::socket socket) {
  if (!acceptor_.is_open()) return;  // Stop() closed it
  if (ec) {
    spdlog::warn("http server accept failed: {}", ec.message());
    accept_retry_.expires_after(kAcceptRetryDelay);
    accept_retry_.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) Accept();
    });
    return;
  }
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) {  // gone already
    Accept();
    return;
  }
  const ServerConfig& config = state_->Config();
  const auto admission = state_->Connections().Admits(
      peer.address(), config.max_connections_per_client, config.max_connections);
  if (admission != ConnectionRegistry::Admission::kAdmitted) {
    Refuse(std::move(socket), peer, admission);
    Accept();
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // responses are small; don't wait on Nagle
  beast::tcp_stream tcp(std::move(socket));
  HttpStream stream = tls_ ? HttpStream(std::move(tcp), *tls_) : HttpStream(std::move(tcp));
  std::make_shared<Connection>(std::move(stream), *state_, workers_.get_executor(), peer.address())
      ->Start();
  Accept();
}

void Server::Refuse(tcp::socket socket, const tcp::endpoint& peer,
                    ConnectionRegistry::Admission admission) {
  const bool client_limit = admission == ConnectionRegistry::Admission::kClientAtLimit;
  // Reported before the reset, so whoever sees the reset also finds it counted.
  RequestRecord record;
  record.phase = RequestRecord::Phase::kConnectionRefused;
  record.refusal =
      client_limit ? RequestRecord::Refusal::kClientLimit : RequestRecord::Refusal::kServerLimit;
  state_->Report(record);
  // A reset rather than a close: nothing of this connection lingers in TIME_WAIT.
  boost::system::error_code ignored;
  socket.set_option(net::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
  // One line per burst, not one per connection: a client at its limit may retry thousands of times.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_refusal_logged_ < kRefusalLogInterval) return;
  last_refusal_logged_ = now;
  const ServerConfig& config = state_->Config();
  if (client_limit) {
    spdlog::warn(
        "http server on port {}: refusing connections from {}, which has {} open "
        "(--http-max-connections-per-client)",
        port_, peer.address().to_string(), config.max_connections_per_client);
  } else {
    spdlog::warn(
        "http server on port {}: refusing connections, {} are open (--http-max-connections)", port_,
        config.max_connections);
  }
}

// Runs on the acceptor's strand, so it never races an accept completing; connections accepted
// before it have registered by the time it returns.
void Server::CloseAcceptor() {
  std::promise<void> closed;
  net::dispatch(acceptor_.get_executor(), [this, &closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    closed.set_value();
  });
  closed.get_future().wait();
}

void Server::Stop() {
  std::lock_guard lock(lifecycle_mutex_);
  if (!started_ || stopped_) return;
  stopped_ = true;

  state_->BeginStopping();
  CloseAcceptor();
  for (const auto& connection : state_->Connections().Live()) connection->Shutdown();

  auto& connections = state_->Connections();
  const auto deadline = std::chrono::steady_clock::now() + state_->Config().shutdown_timeout;
  if (!connections.WaitUntilEmpty(deadline)) {
    spdlog::warn("http server: {} connection(s) still open after shutdown_timeout; closing them",
                 connections.Size());
    for (const auto& connection : connections.Live()) connection->ForceClose();
    // Lets the closes run; a connection whose handler is still running stays until it returns.
    connections.WaitUntilEmpty(std::chrono::steady_clock::now() + kForceCloseGrace);
  }

  work_.reset();
  io_.stop();
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  workers_.join();
  spdlog::info("http server on {}:{} stopped", state_->Config().address, port_);
}

}  // namespace sagashop::http
