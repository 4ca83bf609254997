#include "platform/http/router.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace sagashop::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}. The path always starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace

std::vector<Router::Segment> Router::ParsePattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': '" + std::string(pattern) +
                                "'");
  }
  std::vector<Segment> segments;
  for (std::string_view part : SplitPath(pattern)) {
    if (!segments.empty() && segments.back().rest) {
      throw std::invalid_argument("a {name...} placeholder must end route pattern '" +
                                  std::string(pattern) + "'");
    }
    const bool opens = part.find('{') != std::string_view::npos;
    const bool closes = part.find('}') != std::string_view::npos;
    if (!opens && !closes) {
      segments.push_back({std::string(part), false});
      continue;
    }
    // A placeholder is a whole segment: "{id}", never "x{id}" or "{}".
    if (part.size() < 3 || part.front() != '{' || part.back() != '}' ||
        part.substr(1, part.size() - 2).find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("malformed placeholder '" + std::string(part) +
                                  "' in route pattern '" + std::string(pattern) + "'");
    }
    const bool rest = part.size() > 5 && part.substr(part.size() - 4) == "...}";
    segments.push_back({std::string(), true, rest});
  }
  return segments;
}

void Router::Add(std::string_view method, std::string_view pattern, Handler handler,
                 UnderLoad under_load) {
  if (!handler) {
    throw std::invalid_argument("route " + std::string(method) + " " + std::string(pattern) +
                                " has no handler");
  }
  AddEntry(pattern, {.method = std::string(method),
                     .handler = std::move(handler),
                     .deferred = {},
                     .under_load = under_load});
}

void Router::AddDeferred(std::string_view method, std::string_view pattern, DeferredHandler handler,
                         UnderLoad under_load) {
  if (!handler) {
    throw std::invalid_argument("route " + std::string(method) + " " + std::string(pattern) +
                                " has no handler");
  }
  AddEntry(pattern, {.method = std::string(method),
                     .handler = {},
                     .deferred = std::move(handler),
                     .under_load = under_load});
}

namespace {

// The request with its principal, or the response that refuses it.
std::variant<Request, Response> Authenticated(const Authenticator& authenticate,
                                              const Request& request) {
  std::variant<Principal, Response> who = authenticate(request);
  if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
  Request authenticated = request;
  authenticated.principal = std::move(std::get<Principal>(who));
  return authenticated;
}

}  // namespace

void Router::RequireAuthentication(Authenticator authenticate) {
  auto shared = std::make_shared<const Authenticator>(std::move(authenticate));
  for (Route& route : routes_) {
    for (MethodHandler& entry : route.handlers) {
      entry.authenticated = true;
      if (entry.handler) {
        entry.handler = [shared, inner = std::move(entry.handler)](const Request& request) {
          std::variant<Request, Response> checked = Authenticated(*shared, request);
          if (auto* refusal = std::get_if<Response>(&checked)) return std::move(*refusal);
          return inner(std::get<Request>(checked));
        };
      } else {
        entry.deferred = [shared, inner = std::move(entry.deferred)](const Request& request,
                                                                     Responder respond) {
          std::variant<Request, Response> checked = Authenticated(*shared, request);
          if (auto* refusal = std::get_if<Response>(&checked)) return respond(std::move(*refusal));
          inner(std::get<Request>(checked), std::move(respond));
        };
      }
    }
  }
}

void Router::AddEntry(std::string_view pattern, MethodHandler entry) {
  if (entry.method.empty()) throw std::invalid_argument("route method must not be empty");
  auto segments = ParsePattern(pattern);
  auto route = std::find_if(routes_.begin(), routes_.end(),
                            [&](const Route& r) { return r.pattern == pattern; });
  if (route == routes_.end()) {
    routes_.push_back({std::string(pattern), std::move(segments), {}});
    route = std::prev(routes_.end());
  }
  for (const auto& existing : route->handlers) {
    if (existing.method == entry.method) {
      throw std::invalid_argument("route " + entry.method + " " + std::string(pattern) +
                                  " added twice");
    }
  }
  route->handlers.push_back(std::move(entry));
}

bool Router::MatchesPath(const Route& route, const std::vector<std::string_view>& path_segments,
                         std::vector<std::string>* params) {
  const bool open_ended = !route.segments.empty() && route.segments.back().rest;
  if (open_ended ? path_segments.size() < route.segments.size()
                 : route.segments.size() != path_segments.size()) {
    return false;
  }
  params->clear();
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const Segment& segment = route.segments[i];
    if (segment.rest) {
      std::string rest(path_segments[i]);
      for (std::size_t j = i + 1; j < path_segments.size(); ++j) {
        rest += '/';
        rest += path_segments[j];
      }
      if (path_segments[i].empty()) return false;
      params->push_back(std::move(rest));
    } else if (segment.placeholder) {
      if (path_segments[i].empty()) return false;
      params->emplace_back(path_segments[i]);
    } else if (segment.literal != path_segments[i]) {
      return false;
    }
  }
  return true;
}

// Both routes match the same path; the first segment where one is literal and the other a
// placeholder decides, and a placeholder for one segment is more specific than one for the rest.
bool Router::MoreSpecific(const Route& a, const Route& b) {
  for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].placeholder != b.segments[i].placeholder) return !a.segments[i].placeholder;
    if (a.segments[i].rest != b.segments[i].rest) return !a.segments[i].rest;
  }
  return false;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  const auto path_segments = SplitPath(path);
  std::vector<const Route*> candidates;
  std::vector<std::string> params;
  for (const Route& route : routes_) {
    if (MatchesPath(route, path_segments, &params)) candidates.push_back(&route);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Route* a, const Route* b) { return MoreSpecific(*a, *b); });

  RouteMatch match;
  if (candidates.empty()) return match;
  match.pattern = candidates.front()->pattern;
  for (const Route* route : candidates) {
    for (const auto& entry : route->handlers) {
      if (entry.method == method) {
        if (entry.handler) {
          match.handler = &entry.handler;
        } else {
          match.deferred = &entry.deferred;
        }
        match.pattern = route->pattern;
        match.under_load = entry.under_load;
        MatchesPath(*route, path_segments, &match.path_params);
        return match;
      }
    }
  }
  for (const Route* route : candidates) {
    for (const auto& entry : route->handlers) match.allowed_methods.push_back(entry.method);
  }
  std::sort(match.allowed_methods.begin(), match.allowed_methods.end());
  match.allowed_methods.erase(
      std::unique(match.allowed_methods.begin(), match.allowed_methods.end()),
      match.allowed_methods.end());
  return match;
}

std::vector<std::string> Router::Patterns() const {
  std::vector<std::string> patterns;
  patterns.reserve(routes_.size());
  for (const Route& route : routes_) patterns.push_back(route.pattern);
  return patterns;
}

std::vector<Endpoint> Router::Endpoints() const {
  std::vector<Endpoint> endpoints;
  for (const Route& route : routes_) {
    for (const MethodHandler& entry : route.handlers) {
      endpoints.push_back({entry.method, route.pattern, entry.authenticated});
    }
  }
  return endpoints;
}

}  // namespace sagashop::http
