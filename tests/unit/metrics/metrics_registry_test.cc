#include "platform/metrics/metrics_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <stdexcept>

namespace sagashop::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> SampleLines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.front() != '#') lines.push_back(line);
  }
  return lines;
}

TEST(MetricsRegistryTest, CountersCarryTheServiceLabelAndTheirOwnLabels) {
  MetricsRegistry registry("order");
  registry.Counter("sagashop_orders_created_total", "Orders accepted.").Increment(3);
  registry.CounterFamily("sagashop_orders_canceled_total", "Orders canceled.")
      .Add({{"reason", "payment_declined"}})
      .Increment();

  const std::string text = registry.Serialize();
  EXPECT_THAT(text, HasSubstr("# HELP sagashop_orders_created_total Orders accepted.\n"
                              "# TYPE sagashop_orders_created_total counter\n"
                              "sagashop_orders_created_total{service=\"order\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("sagashop_orders_canceled_total{service=\"order\","
                              "reason=\"payment_declined\"} 1\n"));
}

TEST(MetricsRegistryTest, HistogramsExposeCumulativeBucketsSumAndCount) {
  MetricsRegistry registry("payment");
  prometheus::Histogram& histogram =
      registry.Histogram("sagashop_outbox_publish_duration_seconds", "Batches.", {0.01, 0.1, 1});
  histogram.Observe(0.005);
  histogram.Observe(0.05);
  histogram.Observe(5);

  const std::string text = registry.Serialize();
  EXPECT_THAT(text, HasSubstr("# TYPE sagashop_outbox_publish_duration_seconds histogram\n"));
  for (const std::string line :
       {"sagashop_outbox_publish_duration_seconds_bucket{service=\"payment\",le=\"0.01\"} 1\n",
        "sagashop_outbox_publish_duration_seconds_bucket{service=\"payment\",le=\"0.1\"} 2\n",
        "sagashop_outbox_publish_duration_seconds_bucket{service=\"payment\",le=\"1\"} 2\n",
        "sagashop_outbox_publish_duration_seconds_bucket{service=\"payment\",le=\"+Inf\"} 3\n",
        "sagashop_outbox_publish_duration_seconds_count{service=\"payment\"} 3\n",
        "sagashop_outbox_publish_duration_seconds_sum{service=\"payment\"} 5.055\n"}) {
    EXPECT_THAT(text, HasSubstr(line));
  }
}

TEST(MetricsRegistryTest, SampledMetricsAreReadAtEveryScrape) {
  MetricsRegistry registry("inventory");
  double backlog = 7;
  registry.AddSampledGauge("sagashop_outbox_backlog_events", "Pending.", [&] { return backlog; });
  registry.AddSampledCounter("sagashop_inbox_events_processed_total", "Applied.",
                             [] { return 12.0; });
  registry.AddSampled("sagashop_kafka_consumer_lag", "Lag.", prometheus::MetricType::Gauge, [] {
    return std::vector<Sample>{{{{"topic", "order.created.v1"}, {"partition", "0"}}, 4},
                               {{{"topic", "order.created.v1"}, {"partition", "1"}}, 0}};
  });

  std::string text = registry.Serialize();
  EXPECT_THAT(text, HasSubstr("# TYPE sagashop_outbox_backlog_events gauge\n"
                              "sagashop_outbox_backlog_events{service=\"inventory\"} 7\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE sagashop_inbox_events_processed_total counter\n"
                              "sagashop_inbox_events_processed_total{service=\"inventory\"} 12\n"));
  EXPECT_THAT(text, HasSubstr("sagashop_kafka_consumer_lag{service=\"inventory\",partition=\"0\","
                              "topic=\"order.created.v1\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("sagashop_kafka_consumer_lag{service=\"inventory\",partition=\"1\","
                              "topic=\"order.created.v1\"} 0\n"));

  backlog = 0;
  text = registry.Serialize();
  EXPECT_THAT(text, HasSubstr("sagashop_outbox_backlog_events{service=\"inventory\"} 0\n"));
}

TEST(MetricsRegistryTest, AFailingOrEmptyReadLeavesOnlyThatMetricOut) {
  MetricsRegistry registry("delivery");
  registry.AddSampledGauge("sagashop_outbox_backlog_events", "Pending.",
                           []() -> double { throw std::runtime_error("database unreachable"); });
  registry.AddSampled("sagashop_kafka_consumer_lag", "Lag.", prometheus::MetricType::Gauge,
                      [] { return std::vector<Sample>{}; });
  registry.AddSampledGauge("sagashop_http_requests_in_flight", "In flight.", [] { return 1.0; });

  const std::string text = registry.Serialize();
  EXPECT_THAT(text, Not(HasSubstr("sagashop_outbox_backlog_events")));
  EXPECT_THAT(text, Not(HasSubstr("sagashop_kafka_consumer_lag")))
      << "no HELP and TYPE lines without samples";
  EXPECT_THAT(text, HasSubstr("sagashop_http_requests_in_flight{service=\"delivery\"} 1\n"));
}

TEST(MetricsRegistryTest, EverySampleLineIsValidExpositionWithTheServiceLabel) {
  MetricsRegistry registry("order");
  registry.Counter("sagashop_orders_created_total", "Orders.").Increment();
  registry.HistogramFamily("sagashop_saga_duration_seconds", "Sagas.")
      .Add({{"outcome", "completed"}}, std::vector<double>{0.005, 0.01})
      .Observe(0.007);
  registry.AddSampledGauge("sagashop_stuck_sagas", "Stuck.", [] { return 0.0; });

  // name{label="value",...} number
  const std::regex sample(
      R"(^[a-zA-Z_:][a-zA-Z0-9_:]*\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)+\} [-+0-9.eInf]+$)");
  const std::vector<std::string> lines = SampleLines(registry.Serialize());
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    EXPECT_THAT(line, HasSubstr("service=\"order\"")) << line;
  }
}

TEST(MetricsRegistryTest, FamiliesComeSortedByNameAndOnceEach) {
  MetricsRegistry registry("order");
  registry.AddSampledGauge("sagashop_stuck_sagas", "Stuck.", [] { return 0.0; });
  registry.Counter("sagashop_orders_created_total", "Orders.");
  // Asking again for a family returns the same one, not a second.
  registry.Counter("sagashop_orders_created_total", "Orders.").Increment();

  const std::string text = registry.Serialize();
  const auto created = text.find("# TYPE sagashop_orders_created_total");
  ASSERT_NE(created, std::string::npos);
  EXPECT_EQ(text.find("# TYPE sagashop_orders_created_total", created + 1), std::string::npos);
  EXPECT_LT(created, text.find("# TYPE sagashop_stuck_sagas"));
  EXPECT_THAT(text, HasSubstr("sagashop_orders_created_total{service=\"order\"} 1\n"));
}

TEST(MetricsRegistryTest, AServiceNameIsRequired) {
  EXPECT_THROW(MetricsRegistry(""), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::metrics
