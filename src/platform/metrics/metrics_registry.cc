#include "platform/metrics/metrics_registry.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace sagashop::metrics {
namespace {

void SetValue(prometheus::ClientMetric& metric, prometheus::MetricType type, double value) {
  switch (type) {
    case prometheus::MetricType::Counter:
      metric.counter.value = value;
      return;
    case prometheus::MetricType::Gauge:
      metric.gauge.value = value;
      return;
    case prometheus::MetricType::Untyped:
      metric.untyped.value = value;
      return;
    default:
      throw std::logic_error("a sampled metric is a counter, a gauge or untyped");
  }
}

}  // namespace

MetricsRegistry::MetricsRegistry(std::string service)
    : service_(std::move(service)), registry_(std::make_shared<prometheus::Registry>()) {
  if (service_.empty()) throw std::invalid_argument("metrics: the service name must be set");
}

prometheus::Family<prometheus::Counter>& MetricsRegistry::CounterFamily(const std::string& name,
                                                                        const std::string& help) {
  return prometheus::BuildCounter()
      .Name(name)
      .Help(help)
      .Labels(ServiceLabel())
      .Register(*registry_);
}

prometheus::Family<prometheus::Gauge>& MetricsRegistry::GaugeFamily(const std::string& name,
                                                                    const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Labels(ServiceLabel()).Register(*registry_);
}

prometheus::Family<prometheus::Histogram>& MetricsRegistry::HistogramFamily(
    const std::string& name, const std::string& help) {
  return prometheus::BuildHistogram()
      .Name(name)
      .Help(help)
      .Labels(ServiceLabel())
      .Register(*registry_);
}

prometheus::Counter& MetricsRegistry::Counter(const std::string& name, const std::string& help) {
  return CounterFamily(name, help).Add({});
}

prometheus::Histogram& MetricsRegistry::Histogram(const std::string& name, const std::string& help,
                                                  const std::vector<double>& buckets) {
  return HistogramFamily(name, help).Add({}, buckets);
}

void MetricsRegistry::AddSampled(const std::string& name, const std::string& help,
                                 prometheus::MetricType type, SampleReader read) {
  if (type != prometheus::MetricType::Counter && type != prometheus::MetricType::Gauge &&
      type != prometheus::MetricType::Untyped) {
    throw std::invalid_argument("metrics: " + name + " cannot be sampled");
  }
  std::lock_guard lock(sampled_mutex_);
  sampled_.push_back({name, help, type, std::move(read)});
}

void MetricsRegistry::AddSampledCounter(const std::string& name, const std::string& help,
                                        std::function<double()> read) {
  AddSampled(name, help, prometheus::MetricType::Counter, [read = std::move(read)] {
    return std::vector<Sample>{{{}, read()}};
  });
}

void MetricsRegistry::AddSampledGauge(const std::string& name, const std::string& help,
                                      std::function<double()> read) {
  AddSampled(name, help, prometheus::MetricType::Gauge, [read = std::move(read)] {
    return std::vector<Sample>{{{}, read()}};
  });
}

std::string MetricsRegistry::Serialize() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  {
    std::lock_guard lock(sampled_mutex_);
    for (const SampledMetric& sampled : sampled_) {
      std::vector<Sample> samples;
      try {
        samples = sampled.read();
      } catch (const std::exception& error) {
        spdlog::warn("{}: metric {} left out of this scrape: {}", service_, sampled.name,
                     error.what());
        continue;
      }
      if (samples.empty()) continue;
      prometheus::MetricFamily& family = families.emplace_back();
      family.name = sampled.name;
      family.help = sampled.help;
      family.type = sampled.type;
      family.metric.reserve(samples.size());
      for (const Sample& sample : samples) {
        prometheus::ClientMetric& metric = family.metric.emplace_back();
        // As prometheus-cpp writes its own: the service first, then the rest by name.
        metric.label.push_back({"service", service_});
        for (const auto& [name, value] : sample.labels) metric.label.push_back({name, value});
        SetValue(metric, sampled.type, sample.value);
      }
    }
  }
  std::erase_if(families,
                [](const prometheus::MetricFamily& family) { return family.metric.empty(); });
  std::sort(families.begin(), families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace sagashop::metrics
