#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "platform/http/async_client_config.h"
#include "platform/http/response.h"

namespace sagashop::http {

struct AsyncRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. "/v1/charges?idempotencyKey=k"
  std::string body;    // sent as application/json unless headers name a Content-Type
  std::vector<std::pair<std::string, std::string>> headers;
};

// Why a request got no response: the server could not be reached, the connection broke, the
// request timed out, the queue was full or the client was shutting down. The request may or may
// not have been processed.
struct AsyncFailure {
  std::string reason;
  bool timed_out = false;
};

using AsyncResult = std::variant<Response, AsyncFailure>;
// Called exactly once per request, on the client's own thread (on the caller's, for a request
// sent while the client is being destroyed): must be quick and must not throw.
using AsyncDone = std::function<void(AsyncResult)>;

// An asynchronous HTTP/1.1 client of one host:port (Boost.Beast), plain or HTTPS, for many requests
// in flight without a thread each: one I/O thread of its own, up to max_connections keep-alive
// connections, and a bounded queue of requests waiting for one. A request whose kept-alive
// connection turns out closed by the server before any byte of the answer is sent once more on a
// new connection. Thread-safe.
class AsyncHttpClient {
 public:
  // Validates `config` (std::invalid_argument) and starts the I/O thread.
  explicit AsyncHttpClient(AsyncClientConfig config);
  // Answers every request still waiting or in flight with a failure, then joins the thread.
  ~AsyncHttpClient();

  AsyncHttpClient(const AsyncHttpClient&) = delete;
  AsyncHttpClient& operator=(const AsyncHttpClient&) = delete;

  // Returns at once; `done` gets the response (any status) or the failure.
  void Send(const AsyncRequest& request, AsyncDone done);

  struct Stats {
    int open_connections = 0;
    int queued = 0;
    std::uint64_t connections_opened = 0;
  };
  Stats GetStats() const;

 private:
  class Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace sagashop::http
