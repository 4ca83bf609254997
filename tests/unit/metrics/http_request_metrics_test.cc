#include "platform/metrics/http_request_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sagashop::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Phase = http::RequestRecord::Phase;

http::RequestRecord Finished(std::string method, std::string route, int status,
                             std::chrono::milliseconds duration) {
  return {.phase = Phase::kFinished,
          .route = std::move(route),
          .method = std::move(method),
          .status = status,
          .duration = duration};
}

std::string CountLine(const std::string& method, const std::string& route,
                      const std::string& status_class, int count) {
  return "sagashop_http_request_duration_seconds_count{service=\"order\",method=\"" + method +
         "\",route=\"" + route + "\",status_class=\"" + status_class + "\"} " +
         std::to_string(count) + "\n";
}

TEST(HttpRequestMetricsTest, LabelsByRouteTemplateMethodAndStatusClass) {
  MetricsRegistry registry("order");
  HttpRequestMetrics metrics(registry, {"/orders", "/orders/{id}", "/metrics"});
  metrics.Observe(Finished("POST", "/orders", 201, std::chrono::milliseconds(3)));
  metrics.Observe(Finished("POST", "/orders", 201, std::chrono::milliseconds(30)));
  metrics.Observe(Finished("POST", "/orders", 400, std::chrono::milliseconds(1)));
  metrics.Observe(Finished("GET", "/orders/{id}", 404, std::chrono::milliseconds(2)));
  metrics.Observe(Finished("GET", "/orders/{id}", 500, std::chrono::milliseconds(2)));

  const std::string text = registry.Serialize();
  EXPECT_THAT(text, HasSubstr(CountLine("POST", "/orders", "2xx", 2)));
  EXPECT_THAT(text, HasSubstr(CountLine("POST", "/orders", "4xx", 1)));
  EXPECT_THAT(text, HasSubstr(CountLine("GET", "/orders/{id}", "4xx", 1)));
  EXPECT_THAT(text, HasSubstr(CountLine("GET", "/orders/{id}", "5xx", 1)));
  EXPECT_THAT(text, HasSubstr("sagashop_http_request_duration_seconds_bucket{service=\"order\","
                              "method=\"POST\",route=\"/orders\",status_class=\"2xx\","
                              "le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("sagashop_http_request_duration_seconds_sum{service=\"order\","
                              "method=\"POST\",route=\"/orders\",status_class=\"2xx\"} 0.033\n"));
  EXPECT_THAT(text, Not(HasSubstr("route=\"/metrics\""))) << "only combinations seen are shown";
}

TEST(HttpRequestMetricsTest, UnknownRoutesAndMethodsFoldIntoOneSeriesEach) {
  MetricsRegistry registry("order");
  HttpRequestMetrics metrics(registry, {"/orders"});
  metrics.Observe(Finished("GET", "", 404, std::chrono::milliseconds(1)));  // no route matched
  metrics.Observe(Finished("GET", "", 404, std::chrono::milliseconds(1)));
  metrics.Observe(Finished("BREW", "/orders", 405, std::chrono::milliseconds(1)));
  metrics.Observe(Finished("", "", 400, std::chrono::milliseconds(1)));  // not even HTTP

  const std::string text = registry.Serialize();
  EXPECT_THAT(text, HasSubstr(CountLine("GET", "unmatched", "4xx", 2)));
  EXPECT_THAT(text, HasSubstr(CountLine("other", "/orders", "4xx", 1)));
  EXPECT_THAT(text, HasSubstr(CountLine("other", "unmatched", "4xx", 1)));
}

TEST(HttpRequestMetricsTest, OnlyFinishedRequestsAreObserved) {
  MetricsRegistry registry("order");
  HttpRequestMetrics metrics(registry, {"/orders"});
  metrics.Observe({.phase = Phase::kStarted, .route = "/orders", .method = "POST", .in_flight = 1});
  EXPECT_THAT(registry.Serialize(), Not(HasSubstr("sagashop_http_request_duration_seconds")));
}

}  // namespace
}  // namespace sagashop::metrics
