#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "e2e/support/child_process.h"

namespace sagashop::testing {

// The result of an instant PromQL query: one value per series, with the series' labels.
struct PromSeries {
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

// Debian's `prometheus`, run by the test on 127.0.0.1 and a free port with its own configuration
// and data in a fresh folder, scraping `targets` ("127.0.0.1:8001") every second, over HTTPS
// trusting `ca_file` when one is given. Stopped (and killed if it lingers) when destroyed, so a
// failing test leaves no server behind.
class PrometheusServer {
 public:
  // Starts it and waits until it is ready; throws std::runtime_error if it is missing or does not
  // come up.
  explicit PrometheusServer(const std::vector<std::string>& targets,
                            const std::string& ca_file = "");
  ~PrometheusServer();

  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  std::uint16_t Port() const { return port_; }

  // Runs `promql` through the HTTP API (/api/v1/query) and returns its vector result; throws
  // std::runtime_error when the query fails.
  std::vector<PromSeries> Query(const std::string& promql) const;
  // The value of a query that yields one series; nullopt when it yields none.
  std::optional<double> Scalar(const std::string& promql) const;

  std::string LogTail() const { return process_->LogTail(); }

 private:
  std::string dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sagashop::testing
