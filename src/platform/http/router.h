#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "platform/http/request.h"
#include "platform/http/response.h"

namespace sagashop::http {

using Handler = std::function<Response(const Request&)>;

// Answers a request whose handler returned before it had the answer. Call it exactly once, from
// any thread, and before the server is destroyed; later calls are ignored.
using Responder = std::function<void(Response)>;

// Decides who sent a request from its credentials: the principal, or the response that refuses it
// (401). Runs on a handler thread, before the handler.
using Authenticator = std::function<std::variant<Principal, Response>(const Request&)>;
// A handler that answers later, e.g. after a timer: it returns at once and the request stays in
// flight (its connection waiting, no thread held) until `respond` is called. What it throws
// before responding becomes the response, as for a Handler.
using DeferredHandler = std::function<void(const Request&, Responder respond)>;

// What a route's requests meet when the server has ServerConfig::max_queued_requests waiting for
// a handler thread already.
enum class UnderLoad {
  kShed,    // answered 503 with Retry-After at once, without reaching the handler
  kQueued,  // queued all the same, and never rate limited: health probes and metrics scrapes,
            // which must see an overloaded server rather than be refused by it
};

// One (method, pattern) a router answers, and whether it runs only for authenticated requests.
struct Endpoint {
  std::string method;
  std::string pattern;
  bool authenticated = false;
};

// What Router::Match found for one method and path.
struct RouteMatch {
  const Handler* handler = nullptr;           // the route's handler, if it answers at once
  const DeferredHandler* deferred = nullptr;  // the route's handler, if it answers later
  std::string pattern;  // the route pattern that matched the path ("" when none did)
  std::vector<std::string> path_params;
  std::vector<std::string> allowed_methods;  // when the path matched but the method did not (405)
  UnderLoad under_load = UnderLoad::kShed;

  bool Found() const { return handler != nullptr || deferred != nullptr; }
  bool PathKnown() const { return !pattern.empty(); }
};

// Maps (method, path) to a handler. Patterns are literal segments and `{name}` placeholders, e.g.
// `/orders/{id}/saga`; a placeholder captures one non-empty segment. A last segment `{name...}`
// captures the rest of the path, one or more segments with their slashes
// (`/api/{service}/{path...}` gives "orders/7/saga" for `/api/order/orders/7/saga`). When several
// patterns match a path, the one with a literal segment earliest wins (`/orders/search` beats
// `/orders/{id}`), so the order of Add calls does not matter. Routes are added before the server
// starts and only read after, so Match needs no lock.
class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern or a (method, pattern) added twice.
  void Add(std::string_view method, std::string_view pattern, Handler handler,
           UnderLoad under_load = UnderLoad::kShed);
  void AddDeferred(std::string_view method, std::string_view pattern, DeferredHandler handler,
                   UnderLoad under_load = UnderLoad::kShed);

  // Every route added so far runs only for requests `authenticate` accepts, and sees their
  // principal; routes added later (probes, metrics) stay open.
  void RequireAuthentication(Authenticator authenticate);

  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Every pattern added, once each, in the order first added (metrics label requests by these).
  std::vector<std::string> Patterns() const;
  // Every (method, pattern) added, in the order added per pattern: what the API document must
  // describe (api/openapi.json).
  std::vector<Endpoint> Endpoints() const;

 private:
  struct Segment {
    std::string literal;  // empty for a placeholder
    bool placeholder = false;
    bool rest = false;  // a placeholder for the rest of the path (the last segment only)
  };
  struct MethodHandler {
    std::string method;
    Handler handler;  // one of the two is set
    DeferredHandler deferred;
    UnderLoad under_load = UnderLoad::kShed;
    bool authenticated = false;
  };
  struct Route {
    std::string pattern;
    std::vector<Segment> segments;
    std::vector<MethodHandler> handlers;
  };

  void AddEntry(std::string_view pattern, MethodHandler entry);
  static std::vector<Segment> ParsePattern(std::string_view pattern);
  static bool MatchesPath(const Route& route, const std::vector<std::string_view>& path_segments,
                          std::vector<std::string>* params);
  static bool MoreSpecific(const Route& a, const Route& b);

  std::vector<Route> routes_;
};

}  // namespace sagashop::http
