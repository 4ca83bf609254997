#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <optional>
#include <string>

#include "e2e/support/prometheus_server.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// The burst: every path of the saga, with a count of each that the metrics must repeat.
constexpr int kCompleting = 16;
constexpr int kDeclined = 6;        // payment over the gateway's limit
constexpr int kShortOfStock = 6;    // more than the one unit of product 2
constexpr int kUnknownProduct = 6;  // a reason outside the named ones: "other"
constexpr int kUndeliverable = 6;   // delivery fails after stock was reserved
constexpr int kOrders = kCompleting + kDeclined + kShortOfStock + kUnknownProduct + kUndeliverable;
constexpr int kBadRequests = 2;

std::string Body(int i) {
  if (i < kCompleting) return R"({"userId":3,"productId":1,"quantity":1,"amount":500})";
  i -= kCompleting;
  if (i < kDeclined) return R"({"userId":3,"productId":1,"quantity":1,"amount":5000000})";
  i -= kDeclined;
  if (i < kShortOfStock) return R"({"userId":3,"productId":2,"quantity":5,"amount":500})";
  i -= kShortOfStock;
  if (i < kUnknownProduct) return R"({"userId":3,"productId":404,"quantity":1,"amount":500})";
  return R"({"userId":3,"productId":1,"quantity":1,"amount":500,"address":"UNDELIVERABLE"})";
}

class MetricsScrapeTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    // Consumer lag comes from librdkafka's statistics; every second keeps the test short.
    system_ = std::make_unique<SystemUnderTest>(
        GetParam(), std::vector<std::string>{"--kafka-statistics-interval-ms=1000"});
    std::vector<std::string> targets;
    for (const std::string& service : SystemUnderTest::Services()) {
      targets.push_back("127.0.0.1:" + std::to_string(system_->Port(service)));
    }
    prometheus_ = std::make_unique<PrometheusServer>(
        targets, system_->Tls() != nullptr ? system_->CaFile() : std::string());
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    if (HasFailure() && prometheus_) std::cerr << "\nprometheus:\n" << prometheus_->LogTail();
    prometheus_.reset();
    system_.reset();
  }

  // Waits until `promql` yields `expected` (Prometheus scrapes every second), and returns what it
  // yielded last, for the assertion to show.
  std::optional<double> WaitFor(const std::string& promql, double expected) {
    std::optional<double> value;
    Eventually([&] { return (value = prometheus_->Scalar(promql)) == expected; },
               std::chrono::seconds(60), std::chrono::milliseconds(250));
    return value;
  }

  // {label value: value} of a `sum by (label)` query.
  std::map<std::string, double> By(const std::string& label, const std::string& promql) {
    std::map<std::string, double> values;
    for (const PromSeries& series : prometheus_->Query(promql)) {
      for (const auto& [name, value] : series.labels) {
        if (name == label) values[value] = series.value;
      }
    }
    return values;
  }

  std::map<std::string, double> WaitForBy(const std::string& label, const std::string& promql,
                                          const std::map<std::string, double>& expected) {
    std::map<std::string, double> values;
    Eventually([&] { return (values = By(label, promql)) == expected; }, std::chrono::seconds(60),
               std::chrono::milliseconds(250));
    return values;
  }

  int OrdersWithStatus(const std::string& status) {
    return static_cast<int>(system_->GetJson("order", "/orders?limit=500&status=" + status)
                                .at("items")
                                .as_array()
                                .size());
  }

  std::unique_ptr<SystemUnderTest> system_;
  std::unique_ptr<PrometheusServer> prometheus_;
};

TEST_P(MetricsScrapeTest, PrometheusCountsABurstOfOrdersAndTheirFailures) {
  ASSERT_TRUE(Eventually([&] { return prometheus_->Scalar("count(up == 1)") == 4.0; },
                         std::chrono::seconds(30), std::chrono::milliseconds(250)))
      << "Prometheus scrapes all four services";

  for (const auto& [product, units] : {std::pair{1, 10'000}, std::pair{2, 1}}) {
    const http::Response stocked =
        system_->Send("inventory", "PUT", "/inventory/" + std::to_string(product),
                      R"({"productName":"p","availableQuantity":)" + std::to_string(units) + "}");
    ASSERT_EQ(stocked.status, 201) << stocked.body;
  }
  auto client = system_->Client("order");
  for (int i = 0; i < kOrders; ++i) {
    const http::Response created = client->Send("POST", "/orders", Body(i));
    ASSERT_EQ(created.status, 201) << created.body;
  }
  for (int i = 0; i < kBadRequests; ++i) {
    EXPECT_EQ(client->Send("POST", "/orders", R"({"userId":3,"productId":1,"quantity":0})").status,
              400);
  }
  EXPECT_EQ(client->Send("GET", "/orders/1").status, 200);
  int completed = 0;
  int canceled = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        completed = OrdersWithStatus("COMPLETED");
        canceled = OrdersWithStatus("CANCELED");
        return completed + canceled == kOrders;
      },
      std::chrono::seconds(120), std::chrono::milliseconds(200)))
      << completed << " completed and " << canceled << " canceled of " << kOrders;
  ASSERT_EQ(completed, kCompleting);

  // Business: counted once each, by the Order service alone.
  EXPECT_EQ(WaitFor("sum(sagashop_orders_created_total)", kOrders), kOrders);
  EXPECT_EQ(prometheus_->Scalar("count(sagashop_orders_created_total{service=\"order\"})"), 1.0)
      << "one series, the Order service's";
  EXPECT_EQ(WaitFor("sum(sagashop_orders_completed_total)", kCompleting), kCompleting);
  const std::map<std::string, double> reasons = {{"insufficient_stock", kShortOfStock},
                                                 {"payment_declined", kDeclined},
                                                 {"delivery_failed", kUndeliverable},
                                                 {"reservation_expired", 0},
                                                 {"other", kUnknownProduct}};
  EXPECT_EQ(WaitForBy("reason", "sum by (reason) (sagashop_orders_canceled_total)", reasons),
            reasons);
  EXPECT_EQ(WaitForBy("reason", "sum by (reason) (sagashop_saga_failures_total)", reasons),
            reasons);
  EXPECT_EQ(WaitFor("sum(sagashop_orders_completed_total) + sum(sagashop_orders_canceled_total)",
                    kOrders),
            kOrders);

  // Compensations, each counted by the service that made it.
  const std::map<std::string, double> compensations = {
      {"refund", kShortOfStock + kUnknownProduct + kUndeliverable},
      {"stock_release", kUndeliverable}};
  EXPECT_EQ(WaitForBy("kind", "sum by (kind) (sagashop_compensations_total)", compensations),
            compensations);
  EXPECT_EQ(By("service", "sum by (service) (sagashop_compensations_total{kind=\"refund\"})"),
            (std::map<std::string, double>{{"payment", compensations.at("refund")}}));
  EXPECT_EQ(
      By("service", "sum by (service) (sagashop_compensations_total{kind=\"stock_release\"})"),
      (std::map<std::string, double>{{"inventory", compensations.at("stock_release")}}));

  // Saga duration: one observation per saga, by outcome, in buckets a quantile can be read from.
  EXPECT_EQ(WaitForBy("outcome", "sum by (outcome) (sagashop_saga_duration_seconds_count)",
                      {{"completed", kCompleting}, {"canceled", kOrders - kCompleting}}),
            (std::map<std::string, double>{{"completed", kCompleting},
                                           {"canceled", kOrders - kCompleting}}));
  const std::optional<double> median = prometheus_->Scalar(
      "histogram_quantile(0.5, sum by (le) (sagashop_saga_duration_seconds_bucket))");
  ASSERT_TRUE(median.has_value());
  EXPECT_GT(*median, 0.0);
  EXPECT_LT(*median, 60.0);

  // HTTP: by route template and status class, never by raw path.
  const std::string posts =
      "sum(sagashop_http_request_duration_seconds_count{service=\"order\",route=\"/orders\","
      "method=\"POST\",status_class=\"%\"})";
  auto with_class = [&](const std::string& status_class) {
    std::string query = posts;
    query.replace(query.find('%'), 1, status_class);
    return query;
  };
  EXPECT_EQ(WaitFor(with_class("2xx"), kOrders), kOrders);
  EXPECT_EQ(WaitFor(with_class("4xx"), kBadRequests), kBadRequests);
  EXPECT_GE(WaitFor("sum(sagashop_http_request_duration_seconds_count{route=\"/orders/{id}\"})", 1),
            1.0);
  EXPECT_TRUE(
      prometheus_->Query("sagashop_http_request_duration_seconds_count{route=~\".*/[0-9]+.*\"}")
          .empty())
      << "no series is labelled with a raw path";
  const std::optional<double> p95 = prometheus_->Scalar(
      "histogram_quantile(0.95, sum by (le) (sagashop_http_request_duration_seconds_bucket{"
      "route=\"/orders\",method=\"POST\"}))");
  ASSERT_TRUE(p95.has_value());
  EXPECT_GT(*p95, 0.0);

  // Technical series every service has.
  const std::map<std::string, double> everyone = {
      {"order", 1}, {"payment", 1}, {"inventory", 1}, {"delivery", 1}};
  for (const std::string metric :
       {"sagashop_outbox_backlog_events", "sagashop_outbox_oldest_pending_age_seconds",
        "sagashop_outbox_published_total", "sagashop_inbox_events_processed_total",
        "sagashop_inbox_duplicates_skipped_total", "sagashop_dead_lettered_events_total",
        "sagashop_db_pool_max_connections", "sagashop_db_pool_wait_seconds_count",
        "sagashop_db_statements_total", "sagashop_redis_errors_total",
        "sagashop_http_requests_in_flight"}) {
    EXPECT_EQ(By("service", "count by (service) (" + metric + ")"), everyone) << metric;
  }
  EXPECT_EQ(By("state", "count by (state) (sagashop_db_pool_connections)"),
            (std::map<std::string, double>{{"idle", 4}, {"in_use", 4}}));
  // Every service committed work (its consumer's batches at least), and counted its statements.
  EXPECT_EQ(
      By("service", "count by (service) (sagashop_db_transactions_total{outcome=\"commit\"} > 0)"),
      everyone);
  EXPECT_GT(prometheus_
                ->Scalar("sum(sagashop_db_statements_total) - "
                         "sum(sagashop_db_transactions_total{outcome=\"commit\"})")
                .value_or(0),
            0.0)
      << "a transaction is at least BEGIN and COMMIT";
  EXPECT_EQ(WaitFor("sum(sagashop_outbox_backlog_events)", 0), 0.0) << "every event published";
  EXPECT_GT(prometheus_->Scalar("sum(sagashop_outbox_published_total)").value_or(0), kOrders);
  EXPECT_GT(prometheus_->Scalar("sum(sagashop_outbox_publish_duration_seconds_count)").value_or(0),
            0.0);
  EXPECT_GT(prometheus_->Scalar("sum(sagashop_db_pool_wait_seconds_count)").value_or(0), 0.0);
  EXPECT_EQ(prometheus_->Scalar("sum(sagashop_dead_lettered_events_total)"), 0.0);

  // Consumer lag: per topic and partition from Kafka's statistics; the in-process bus has none.
  if (GetParam() == Mode::kDistributed) {
    // 1 for each service that reports any partition's lag.
    EXPECT_EQ(
        WaitForBy("service", "max by (service) (sagashop_kafka_consumer_lag >= bool 0)", everyone),
        everyone)
        << "every service's consumer reports its lag";
    EXPECT_EQ(WaitFor("max(sagashop_kafka_consumer_lag)", 0), 0.0)
        << "every consumer caught up once the burst was handled";
    for (const PromSeries& series : prometheus_->Query("sagashop_kafka_consumer_lag")) {
      std::map<std::string, std::string> labels(series.labels.begin(), series.labels.end());
      EXPECT_TRUE(labels.contains("topic") && labels.contains("partition"));
      EXPECT_GE(series.value, 0.0);
    }
  } else {
    EXPECT_TRUE(prometheus_->Query("sagashop_kafka_consumer_lag").empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, MetricsScrapeTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
