#include "platform/metrics/http_request_metrics.h"

#include <algorithm>
#include <chrono>

#include "platform/metrics/metric_buckets.h"

namespace sagashop::metrics {
namespace {

prometheus::Family<prometheus::Counter>& RefusedConnections(MetricsRegistry& registry) {
  return registry.CounterFamily(
      "sagashop_http_connections_refused_total",
      "Connections closed as soon as they were accepted: their client address had "
      "--http-max-connections-per-client open (client_limit), or the server "
      "--http-max-connections (server_limit).");
}

prometheus::Family<prometheus::Counter>& RateLimitedRequests(MetricsRegistry& registry) {
  return registry.CounterFamily(
      "sagashop_http_requests_rate_limited_total",
      "Requests answered 429 with Retry-After: their client address sent more than "
      "--http-rate-limit-per-client (limit=client, before their handler), or their token's "
      "subject more than --http-rate-limit-reads-per-subject or -writes-per-subject "
      "(limit=subject, once authenticated).");
}

}  // namespace

HttpRequestMetrics::HttpRequestMetrics(MetricsRegistry& registry, std::vector<std::string> routes)
    : family_(registry.HistogramFamily(
          "sagashop_http_request_duration_seconds",
          "HTTP requests from read to response written, by route template, method and status "
          "class.")),
      shed_(registry.Counter("sagashop_http_requests_shed_total",
                             "Requests answered 503 with Retry-After at once, without reaching "
                             "their handler, because --http-max-queued-requests were waiting for "
                             "a handler thread.")),
      refused_client_limit_(RefusedConnections(registry).Add({{"reason", "client_limit"}})),
      refused_server_limit_(RefusedConnections(registry).Add({{"reason", "server_limit"}})),
      rate_limited_client_(RateLimitedRequests(registry).Add({{"limit", "client"}})),
      rate_limited_subject_(RateLimitedRequests(registry).Add({{"limit", "subject"}})),
      routes_(std::move(routes)) {
  std::erase(routes_, std::string(kUnmatchedRoute));
  routes_.emplace_back(kUnmatchedRoute);
  const std::size_t slots = routes_.size() * kMethods.size() * kStatusClasses.size();
  children_ = std::make_unique<std::atomic<prometheus::Histogram*>[]>(slots);
  for (std::size_t i = 0; i < slots; ++i) children_[i].store(nullptr);
}

void HttpRequestMetrics::Observe(const http::RequestRecord& record) {
  if (record.phase == http::RequestRecord::Phase::kConnectionRefused) {
    (record.refusal == http::RequestRecord::Refusal::kClientLimit ? refused_client_limit_
                                                                  : refused_server_limit_)
        .Increment();
    return;
  }
  if (record.phase != http::RequestRecord::Phase::kFinished) return;
  if (record.shed) shed_.Increment();
  // No handler answers 429 of its own: one that is not the client's limit is the subject's.
  if (record.rate_limited) {
    rate_limited_client_.Increment();
  } else if (record.status == 429) {
    rate_limited_subject_.Increment();
  }
  Child(RouteIndex(record.route), MethodIndex(record.method), StatusClassIndex(record.status))
      .Observe(std::chrono::duration<double>(record.duration).count());
}

std::size_t HttpRequestMetrics::RouteIndex(std::string_view route) const {
  // A service has a handful of routes: a scan beats hashing.
  const auto found = std::find(routes_.begin(), routes_.end() - 1, route);
  return static_cast<std::size_t>(found - routes_.begin());  // the last one is "unmatched"
}

std::size_t HttpRequestMetrics::MethodIndex(std::string_view method) {
  const auto found = std::find(kMethods.begin(), kMethods.end() - 1, method);
  return static_cast<std::size_t>(found - kMethods.begin());  // the last one is "other"
}

std::size_t HttpRequestMetrics::StatusClassIndex(int status) {
  return static_cast<std::size_t>(std::clamp(status / 100, 1, 5) - 1);
}

prometheus::Histogram& HttpRequestMetrics::Child(std::size_t route, std::size_t method,
                                                 std::size_t status_class) {
  std::atomic<prometheus::Histogram*>& slot =
      children_[(route * kMethods.size() + method) * kStatusClasses.size() + status_class];
  if (prometheus::Histogram* child = slot.load(std::memory_order_acquire)) return *child;
  std::lock_guard lock(create_mutex_);
  if (prometheus::Histogram* child = slot.load(std::memory_order_acquire)) return *child;
  prometheus::Histogram& child =
      family_.Add({{"route", routes_[route]},
                   {"method", std::string(kMethods[method])},
                   {"status_class", std::string(kStatusClasses[status_class])}},
                  HttpDurationBuckets());
  slot.store(&child, std::memory_order_release);
  return child;
}

}  // namespace sagashop::metrics
