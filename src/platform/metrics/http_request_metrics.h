#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/request_record.h"
#include "platform/metrics/metrics_registry.h"

namespace sagashop::metrics {

// sagashop_http_request_duration_seconds{method,route,status_class}: one histogram per route
// template (never the raw path, so ids do not multiply the series), method and status class.
// A child is created the first time its combination is seen and found again by index, so
// observing a request takes no lock and allocates nothing. Also sagashop_http_requests_shed_total:
// requests answered 503 at once because the server's queue for handler threads was full; and
// sagashop_http_connections_refused_total{reason}: connections closed at accept, over the limit of
// one client address (reason="client_limit") or of the server (reason="server_limit"); and
// sagashop_http_requests_rate_limited_total{limit}: requests answered 429, their client address
// (limit="client") or their token's subject (limit="subject") over its rate.
class HttpRequestMetrics {
 public:
  // `routes` are the server's route patterns; a request that matched none is labelled
  // route="unmatched".
  HttpRequestMetrics(MetricsRegistry& registry, std::vector<std::string> routes);

  // The server's RequestObserver: observes finished requests.
  void Observe(const http::RequestRecord& record);

  static constexpr std::string_view kUnmatchedRoute = "unmatched";

 private:
  static constexpr std::array<std::string_view, 8> kMethods = {"GET",   "POST", "PUT",     "DELETE",
                                                               "PATCH", "HEAD", "OPTIONS", "other"};
  static constexpr std::array<std::string_view, 5> kStatusClasses = {"1xx", "2xx", "3xx", "4xx",
                                                                     "5xx"};

  std::size_t RouteIndex(std::string_view route) const;
  static std::size_t MethodIndex(std::string_view method);
  static std::size_t StatusClassIndex(int status);
  prometheus::Histogram& Child(std::size_t route, std::size_t method, std::size_t status_class);

  prometheus::Family<prometheus::Histogram>& family_;
  prometheus::Counter& shed_;
  prometheus::Counter& refused_client_limit_;
  prometheus::Counter& refused_server_limit_;
  prometheus::Counter& rate_limited_client_;
  prometheus::Counter& rate_limited_subject_;
  std::vector<std::string> routes_;  // the patterns, then "unmatched"
  std::mutex create_mutex_;
  // Indexed by (route, method, status class); null until first seen.
  std::unique_ptr<std::atomic<prometheus::Histogram*>[]> children_;
};

}  // namespace sagashop::metrics
