#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_type.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sagashop::metrics {

// One value of a metric read at scrape time: its labels besides `service`, and the value.
struct Sample {
  prometheus::Labels labels;
  double value = 0;
};

// The metrics of one service, served on its /metrics in the Prometheus text format (0.0.4). Every
// series carries the label service="<name>", so the four services of one process (embedded mode)
// keep their series apart and show the same names as in distributed mode.
//
// Two kinds of metric live here:
// - recorded ones (counters, gauges, histograms of prometheus-cpp), which the code increments or
//   observes where the thing happens. Add() on a family takes a lock and builds a label map, so a
//   caller looks its children up once, at start-up, and keeps the references;
// - sampled ones, whose value already lives elsewhere (an atomic counter, a connection pool, a
//   query) and is read when Prometheus scrapes.
//
// Metrics are registered at start-up; registering and serialising are thread-safe.
class MetricsRegistry {
 public:
  explicit MetricsRegistry(std::string service);

  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  const std::string& Service() const { return service_; }

  // The family `name`, created on first use with the service label; asking again for the same
  // name returns the same family.
  prometheus::Family<prometheus::Counter>& CounterFamily(const std::string& name,
                                                         const std::string& help);
  prometheus::Family<prometheus::Gauge>& GaugeFamily(const std::string& name,
                                                     const std::string& help);
  prometheus::Family<prometheus::Histogram>& HistogramFamily(const std::string& name,
                                                             const std::string& help);

  // A metric with no label besides `service`.
  prometheus::Counter& Counter(const std::string& name, const std::string& help);
  prometheus::Histogram& Histogram(const std::string& name, const std::string& help,
                                   const std::vector<double>& buckets);

  // A metric read at scrape time: `read` returns its samples (none is fine: the metric is then
  // left out). It runs on the scraping request's thread, so it must be thread-safe, and whatever
  // it reads must outlive every scrape. If it throws, the metric is left out of that scrape and the
  // failure logged: one unreachable dependency must not hide every other metric.
  using SampleReader = std::function<std::vector<Sample>()>;
  void AddSampled(const std::string& name, const std::string& help, prometheus::MetricType type,
                  SampleReader read);
  // Shorthands for a sampled metric with no label besides `service`.
  void AddSampledCounter(const std::string& name, const std::string& help,
                         std::function<double()> read);
  void AddSampledGauge(const std::string& name, const std::string& help,
                       std::function<double()> read);

  // Every metric in the text exposition format, families sorted by name.
  std::string Serialize() const;

  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct SampledMetric {
    std::string name;
    std::string help;
    prometheus::MetricType type;
    SampleReader read;
  };

  prometheus::Labels ServiceLabel() const { return {{"service", service_}}; }

  const std::string service_;
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex sampled_mutex_;
  std::vector<SampledMetric> sampled_;
};

}  // namespace sagashop::metrics
