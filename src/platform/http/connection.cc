#include "platform/http/connection.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "platform/core/trace_parent.h"
#include "platform/http/dispatch.h"
#include "platform/http/rate_limited_response.h"
#include "platform/log/log_scope.h"
#include "platform/log/sensitive_data.h"

namespace sagashop::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// After a response that closes the connection, we stop sending and read (and discard) what the
// client still sends until it closes, for at most this long. Closing with unread input would make
// the kernel send a reset, which can destroy the response (e.g. a 413 that answered the header of
// a large upload) before the client reads it.
constexpr std::chrono::seconds kLingerTimeout{2};

// What the first read of an idle connection takes at most; the header's parser reads the rest.
constexpr std::size_t kFirstRead = 4096;

}  // namespace

Connection::Connection(HttpStream stream, ServerState& state, net::any_io_executor workers,
                       net::ip::address client)
    : stream_(std::move(stream)),
      state_(state),
      workers_(std::move(workers)),
      id_(state.NextConnectionId()),
      client_(std::move(client)) {}

Connection::~Connection() {
  state_.Connections().Remove(id_);
}

void Connection::Start() {
  state_.Connections().Add(id_, weak_from_this(), client_);
  net::dispatch(stream_.Tcp().get_executor(), [self = shared_from_this()] {
    if (self->stream_.IsTls()) return self->Handshake();
    self->ReadNextRequest();
  });
}

// Under the header's deadline: a client that connects and never finishes the handshake holds the
// connection no longer than one that never finishes its header.
void Connection::Handshake() {
  stream_.Tcp().expires_after(state_.Config().header_timeout);
  stream_.AsyncHandshake(net::ssl::stream_base::server,
                         [self = shared_from_this()](beast::error_code ec) {
                           if (ec) return self->Close();
                           self->ReadNextRequest();
                         });
}

void Connection::Shutdown() {
  net::post(stream_.Tcp().get_executor(), [self = shared_from_this()] {
    self->shutdown_requested_ = true;
    if (self->Idle()) self->Close();
  });
}

void Connection::ForceClose() {
  net::post(stream_.Tcp().get_executor(), [self = shared_from_this()] { self->Close(); });
}

// Waiting for a request of which not one byte has arrived.
bool Connection::Idle() const {
  return phase_ == Phase::kReading && buffer_.size() == 0 && (!parser_ || !parser_->got_some());
}

void Connection::ReadNextRequest() {
  phase_ = Phase::kReading;
  parser_.emplace();
  version_ = 11;
  method_.clear();
  route_.clear();
  if ((shutdown_requested_ || state_.Stopping()) && Idle()) {
    Close();
    return;
  }
  parser_->header_limit(static_cast<std::uint32_t>(state_.Config().max_header_bytes));
  parser_->body_limit(state_.Config().max_body_bytes);
  if (buffer_.size() > 0) return ReadHeader();  // pipelined: the next request has begun
  WaitForFirstByte();
}

// Idle keep-alive is allowed read_timeout; the header, once begun, only header_timeout.
void Connection::WaitForFirstByte() {
  stream_.Tcp().expires_after(state_.Config().read_timeout);
  stream_.async_read_some(buffer_.prepare(kFirstRead),
                          [self = shared_from_this()](beast::error_code ec, std::size_t received) {
                            if (ec) return self->OnReadFailed(ec);
                            self->buffer_.commit(received);
                            self->ReadHeader();
                          });
}

void Connection::ReadHeader() {
  stream_.Tcp().expires_after(state_.Config().header_timeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeaderRead(ec); });
}

void Connection::OnHeaderRead(beast::error_code ec) {
  if (ec) return OnReadFailed(ec);
  const auto& header = parser_->get();
  version_ = header.version();
  method_ = std::string(header.method_string());
  if (!parser_->is_done() && version_ >= 11 &&
      beast::iequals(header[bhttp::field::expect], "100-continue")) {
    // The body fits (the parser checked Content-Length), so invite the client to send it.
    continue_ = {bhttp::status::continue_, header.version()};
    bhttp::async_write(stream_, continue_,
                       [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                         if (write_ec) return self->Close();
                         self->ReadBody();
                       });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  if (parser_->is_done()) return OnRequestRead();
  stream_.Tcp().expires_after(state_.Config().read_timeout);
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBodyRead(ec); });
}

void Connection::OnBodyRead(beast::error_code ec) {
  if (ec) return OnReadFailed(ec);
  OnRequestRead();
}

void Connection::OnReadFailed(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  // The request line may have parsed before a limit was hit; the record should name its method.
  if (method_.empty()) method_ = std::string(parser_->get().method_string());
  if (ec == bhttp::error::body_limit) {
    return Reject(PayloadTooLarge("The request body is larger than the limit of " +
                                  std::to_string(state_.Config().max_body_bytes) + " bytes."));
  }
  if (ec == bhttp::error::header_limit) {
    return Reject(
        MakeProblem(431, "The request line and header fields are larger than the limit of " +
                             std::to_string(state_.Config().max_header_bytes) + " bytes."));
  }
  // The client went away or went quiet (socket errors, timeouts, end of stream, a message cut
  // short): there is no one to answer.
  const bool malformed =
      ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
  if (!malformed) return Close();
  Reject(MakeProblem(400, "The request is not valid HTTP/1.1 (" + ec.message() + ")."));
}

void Connection::OnRequestRead() {
  request_read_at_ = std::chrono::steady_clock::now();
  BeastRequest message = parser_->release();
  const bool keep_alive = message.keep_alive();
  std::optional<Request> request = FromBeast(std::move(message));
  if (!request) {
    return Reject(MakeProblem(400, "The request target must be a path such as /orders/1."));
  }

  RouteMatch match = state_.Routes().Match(request->method, request->path);
  route_ = match.pattern;
  phase_ = Phase::kHandling;
  counted_in_flight_ = true;
  state_.Report({RequestRecord::Phase::kStarted, route_, method_, 0, std::chrono::nanoseconds(0),
                 state_.RequestStarted(), id_});
  if (!match.Found()) return Write(UnroutedResponse(match, *request), keep_alive);
  if (RateLimiter* limiter = state_.ClientRateLimiter();
      limiter != nullptr && match.under_load != UnderLoad::kQueued) {
    const std::string client = client_.to_string();
    const RateLimiter::Decision decision = limiter->Take(client, std::chrono::steady_clock::now());
    if (!decision.allowed) {
      rate_limited_ = true;
      return Write(
          RateLimitedResponse(
              *limiter, decision,
              {.policy = "per-client", .who = client, .setting = "--http-rate-limit-per-client"}),
          keep_alive);
    }
  }
  if (!state_.TryQueue(match.under_load)) {
    shed_ = true;
    return Write(ShedResponse(state_.Config()), keep_alive);
  }

  request->path_params = std::move(match.path_params);
  request->trace_parent = ContinueTrace(request->Header("traceparent").value_or(""));
  net::post(
      workers_, [self = shared_from_this(), handler = match.handler, deferred = match.deferred,
                 route = route_, request = std::move(*request), keep_alive] {
        self->state_.Dequeued();
        log::LogFields fields = self->state_.LogContext();
        fields.trace_id = TraceIdOf(request.trace_parent);
        const log::LogScope scope(std::move(fields));
        if (spdlog::should_log(spdlog::level::trace) && !request.body.empty()) {
          spdlog::trace("{} {} request body: {}", request.method, request.path,
                        log::MaskSensitive(request.body));
        }
        // Whichever thread answers, the response is written on the connection's strand.
        Responder respond = [self, keep_alive, trace_parent = request.trace_parent,
                             method = request.method, path = request.path](Response response) {
          // Tells the client which trace its request joined (W3C Trace Context Level 2).
          response.headers.emplace_back("traceresponse", trace_parent);
          spdlog::debug("{} {} answered {}", method, path, response.status);
          net::post(self->stream_.Tcp().get_executor(),
                    [self, response = std::move(response), keep_alive] {
                      self->Write(response, keep_alive);
                    });
        };
        if (deferred != nullptr)
          return InvokeDeferred(*deferred, request, route, std::move(respond));
        respond(InvokeHandler(*handler, request, route));
      });
}

void Connection::Reject(const Problem& problem) {
  request_read_at_ = std::chrono::steady_clock::now();
  Write(ToResponse(problem), false);
}

void Connection::Write(const Response& response, bool keep_alive) {
  response_ = ToBeast(response, version_, keep_alive && !shutdown_requested_ && !state_.Stopping());
  // Force-closed while the handler ran: nothing to write to, but the request still finishes.
  if (phase_ == Phase::kClosed) return OnWritten(net::error::operation_aborted);
  phase_ = Phase::kWriting;
  stream_.Tcp().expires_after(state_.Config().read_timeout);
  bhttp::async_write(
      stream_, response_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWritten(ec); });
}

void Connection::OnWritten(beast::error_code ec) {
  const int in_flight = counted_in_flight_ ? state_.RequestFinished() : state_.InFlight();
  counted_in_flight_ = false;
  state_.Report({RequestRecord::Phase::kFinished, route_, method_,
                 static_cast<int>(response_.result_int()),
                 std::chrono::steady_clock::now() - request_read_at_, in_flight, id_, shed_,
                 RequestRecord::Refusal::kNone, rate_limited_});
  shed_ = false;
  rate_limited_ = false;
  if (ec) return Close();
  if (!response_.keep_alive()) return LingeringClose();
  ReadNextRequest();
}

// On a TLS connection too this ends at the TCP layer, without TLS's close_notify: the response
// announced its length, so the client has all of it, and what it still sends is discarded unread.
void Connection::LingeringClose() {
  phase_ = Phase::kClosing;
  beast::error_code ignored;
  stream_.Tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  stream_.Tcp().expires_after(kLingerTimeout);
  Drain();
}

void Connection::Drain() {
  stream_.AsyncReadTcp(net::buffer(drain_buffer_),
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->Close();
                         self->Drain();
                       });
}

void Connection::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  beast::error_code ignored;
  stream_.Tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.Tcp().close();
}

}  // namespace sagashop::http
