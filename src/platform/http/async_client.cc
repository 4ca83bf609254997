#include "platform/http/async_client.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <deque>
#include <limits>
#include <optional>
#include <set>
#include <thread>

#include "platform/http/http_stream.h"
#include "platform/http/message_conversion.h"
#include "platform/http/stale_connection.h"

namespace sagashop::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

bool HasHeader(const AsyncRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (beast::iequals(key, name)) return true;
  }
  return false;
}

}  // namespace

// Everything below runs on the pool's one I/O thread, except Send's hand-over and the counters.
class AsyncHttpClient::Pool {
 public:
  explicit Pool(AsyncClientConfig config)
      : config_(std::move(config)),
        where_(config_.host + ":" + std::to_string(config_.port)),
        work_(net::make_work_guard(io_)),
        resolver_(io_) {
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Pool() {
    closing_ = true;
    net::post(io_, [this] { Shutdown(); });
    work_.reset();
    thread_.join();
  }

  void Send(const AsyncRequest& request, AsyncDone done) {
    auto exchange = std::make_shared<Exchange>(io_);
    exchange->deadline = Clock::now() + config_.request_timeout;
    exchange->description = request.method + " " + request.target + " to " + where_;
    exchange->message = ToMessage(request);
    exchange->done = std::move(done);
    if (closing_) {
      Finish(*exchange, AsyncFailure{"client is shutting down"});
      return;
    }
    net::post(io_, [this, exchange] { Admit(exchange); });
  }

  Stats GetStats() const {
    return {.open_connections = open_.load(),
            .queued = queued_.load(),
            .connections_opened = opened_.load()};
  }

 private:
  struct Exchange {
    explicit Exchange(net::io_context& io) : queue_timer(io) {}
    bhttp::request<bhttp::string_body> message;
    AsyncDone done;
    Clock::time_point deadline;
    std::string description;
    net::steady_timer queue_timer;  // fails the request if no connection frees up in time
    bool queued = false;
  };

  struct Connection {
    std::optional<HttpStream> stream;  // a new one per TCP connection
    beast::flat_buffer buffer;
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    bool connected = false;
    bool reused = false;  // was connected when the current request started on it
    std::shared_ptr<Exchange> exchange;
    bool reconnected_once = false;  // the stale-connection retry is spent
  };
  using ConnectionPtr = std::shared_ptr<Connection>;

  bhttp::request<bhttp::string_body> ToMessage(const AsyncRequest& request) const {
    bhttp::request<bhttp::string_body> message;
    message.method_string(request.method);
    message.target(request.target);
    message.version(11);
    message.set(bhttp::field::host, where_);
    message.set(bhttp::field::user_agent, "sagashop-async-http-client");
    for (const auto& [name, value] : request.headers) message.insert(name, value);
    if (!request.body.empty() && !HasHeader(request, "content-type")) {
      message.set(bhttp::field::content_type, "application/json");
    }
    message.keep_alive(true);
    message.body() = request.body;
    message.prepare_payload();
    return message;
  }

  static void Finish(Exchange& exchange, AsyncResult result) {
    AsyncDone done = std::move(exchange.done);
    exchange.done = nullptr;
    if (!done) return;  // answered already
    try {
      done(std::move(result));
    } catch (...) {
      // The contract says `done` must not throw; one that does must not take the thread down.
    }
  }

  void Fail(Exchange& exchange, const std::string& why, bool timed_out = false) {
    Finish(exchange, AsyncFailure{exchange.description + " failed: " + why, timed_out});
  }

  void Admit(const std::shared_ptr<Exchange>& exchange) {
    if (shut_down_) return Fail(*exchange, "client is shutting down");
    if (!idle_.empty()) {
      ConnectionPtr connection = idle_.back();
      idle_.pop_back();
      return Start(connection, exchange);
    }
    if (open_ < config_.max_connections) {
      auto connection = std::make_shared<Connection>();
      all_.insert(connection);
      ++open_;
      return Start(connection, exchange);
    }
    if (static_cast<int>(queue_.size()) >= config_.max_queued) {
      return Fail(*exchange, "all " + std::to_string(config_.max_connections) +
                                 " connections busy and " + std::to_string(config_.max_queued) +
                                 " requests queued");
    }
    exchange->queued = true;
    queue_.push_back(exchange);
    ++queued_;
    exchange->queue_timer.expires_at(exchange->deadline);
    exchange->queue_timer.async_wait([this, exchange](beast::error_code ec) {
      if (ec || !exchange->queued) return;
      Dequeue(exchange);
      Fail(*exchange, "timed out waiting for a free connection", true);
    });
  }

  void Dequeue(const std::shared_ptr<Exchange>& exchange) {
    exchange->queued = false;
    exchange->queue_timer.cancel();
    std::erase(queue_, exchange);
    --queued_;
  }

  // A connection is free again: the next queued request takes it, or it waits idle.
  void Release(const ConnectionPtr& connection) {
    connection->exchange.reset();
    if (shut_down_) return Drop(connection);
    if (!queue_.empty()) {
      std::shared_ptr<Exchange> next = queue_.front();
      Dequeue(next);
      return Start(connection, next);
    }
    idle_.push_back(connection);
  }

  // Closes a connection for good; a queued request gets a new one in its place.
  void Drop(const ConnectionPtr& connection) {
    if (connection->stream) {
      beast::error_code ignored;
      connection->stream->Tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
      connection->stream->Tcp().close();
    }
    if (all_.erase(connection) > 0) --open_;
    if (!shut_down_ && !queue_.empty()) {
      std::shared_ptr<Exchange> next = queue_.front();
      Dequeue(next);
      Admit(next);
    }
  }

  void Start(const ConnectionPtr& connection, const std::shared_ptr<Exchange>& exchange) {
    connection->exchange = exchange;
    connection->reused = connection->connected;
    connection->reconnected_once = false;
    if (Clock::now() >= exchange->deadline) {
      Fail(*exchange, "timed out waiting for a free connection", true);
      return Release(connection);
    }
    if (!connection->connected) return Connect(connection);
    // One deadline for every step: connecting, writing and reading together.
    connection->stream->Tcp().expires_at(exchange->deadline);
    Write(connection);
  }

  void Connect(const ConnectionPtr& connection) {
    connection->buffer.clear();
    beast::tcp_stream tcp(io_);
    connection->stream.emplace(config_.tls ? HttpStream(std::move(tcp), *config_.tls)
                                           : HttpStream(std::move(tcp)));
    connection->stream->Tcp().expires_at(connection->exchange->deadline);
    resolver_.async_resolve(
        config_.host, std::to_string(config_.port),
        [this, connection](beast::error_code ec, const tcp::resolver::results_type& endpoints) {
          if (ec) return Broken(connection, ec, "cannot resolve " + where_ + ": ");
          connection->stream->AsyncConnect(
              endpoints, [this, connection](beast::error_code ec, const tcp::endpoint&) {
                if (ec) return Broken(connection, ec, "cannot connect: ");
                beast::error_code ignored;
                connection->stream->Tcp().socket().set_option(tcp::no_delay(true), ignored);
                if (!config_.tls) return Connected(connection);
                connection->stream->ExpectServerName(config_.host);
                connection->stream->AsyncHandshake(
                    net::ssl::stream_base::client, [this, connection](beast::error_code ec) {
                      if (ec) return Broken(connection, ec, "TLS handshake failed: ");
                      Connected(connection);
                    });
              });
        });
  }

  void Connected(const ConnectionPtr& connection) {
    connection->connected = true;
    ++opened_;
    Write(connection);
  }

  void Write(const ConnectionPtr& connection) {
    bhttp::async_write(*connection->stream, connection->exchange->message,
                       [this, connection](beast::error_code ec, std::size_t) {
                         if (ec) return Broken(connection, ec, "");
                         Read(connection);
                       });
  }

  void Read(const ConnectionPtr& connection) {
    connection->parser.emplace();
    connection->parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    bhttp::async_read(*connection->stream, connection->buffer, *connection->parser,
                      [this, connection](beast::error_code ec, std::size_t) {
                        if (ec) return Broken(connection, ec, "");
                        auto message = connection->parser->release();
                        const bool keep_alive = message.keep_alive();
                        Finish(*connection->exchange, FromBeast(std::move(message)));
                        if (keep_alive) return Release(connection);
                        connection->connected = false;
                        connection->exchange.reset();
                        Drop(connection);
                      });
  }

  // A step failed. A kept-alive connection the server had closed is retried once on a new one
  // (nothing of an answer arrived, so the server never saw the request); anything else fails the
  // request and drops the connection.
  void Broken(const ConnectionPtr& connection, beast::error_code ec, const std::string& context) {
    const bool got_answer_bytes =
        (connection->parser && connection->parser->got_some()) || connection->buffer.size() > 0;
    const bool was_reused = connection->reused && !connection->reconnected_once;
    connection->connected = false;
    beast::error_code ignored;
    if (connection->stream) connection->stream->Tcp().socket().close(ignored);
    std::shared_ptr<Exchange> exchange = connection->exchange;
    if (!shut_down_ && was_reused && !got_answer_bytes && LooksLikeClosedIdleConnection(ec)) {
      connection->reconnected_once = true;
      connection->parser.reset();
      return Connect(connection);
    }
    connection->exchange.reset();
    if (shut_down_) {
      Fail(*exchange, "client is shutting down");
    } else {
      const bool timed_out = ec == beast::error::timeout;
      Fail(*exchange, timed_out ? "timed out" : context + ec.message(), timed_out);
    }
    Drop(connection);
  }

  void Shutdown() {
    shut_down_ = true;
    while (!queue_.empty()) {
      std::shared_ptr<Exchange> exchange = queue_.front();
      Dequeue(exchange);
      Fail(*exchange, "client is shutting down");
    }
    idle_.clear();
    // Busy connections' operations end with operation_aborted and fail their requests.
    const std::set<ConnectionPtr> connections = all_;
    for (const ConnectionPtr& connection : connections) {
      if (connection->exchange) {
        if (connection->stream) connection->stream->Tcp().cancel();
      } else {
        Drop(connection);
      }
    }
    resolver_.cancel();
  }

  const AsyncClientConfig config_;
  const std::string where_;
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  tcp::resolver resolver_;
  std::thread thread_;

  std::set<ConnectionPtr> all_;
  std::vector<ConnectionPtr> idle_;
  std::deque<std::shared_ptr<Exchange>> queue_;
  bool shut_down_ = false;

  std::atomic<bool> closing_{false};
  std::atomic<int> open_{0};
  std::atomic<int> queued_{0};
  std::atomic<std::uint64_t> opened_{0};
};

AsyncHttpClient::AsyncHttpClient(AsyncClientConfig config) {
  config.Validate();
  pool_ = std::make_unique<Pool>(std::move(config));
}

AsyncHttpClient::~AsyncHttpClient() = default;

void AsyncHttpClient::Send(const AsyncRequest& request, AsyncDone done) {
  pool_->Send(request, std::move(done));
}

AsyncHttpClient::Stats AsyncHttpClient::GetStats() const {
  return pool_->GetStats();
}

}  // namespace sagashop::http
