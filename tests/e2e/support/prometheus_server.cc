#include "e2e/support/prometheus_server.h"

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "e2e/support/system_under_test.h"
#include "platform/http/client.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// The program on PATH (ChildProcess wants a path).
std::string FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path != nullptr ? path : "/usr/bin:/bin");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const std::filesystem::path candidate = std::filesystem::path(folder) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw std::runtime_error(program +
                           " is not installed (scripts/install-deps.sh installs Debian's package)");
}

std::string FreshDir() {
  std::random_device random;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("sagashop-prometheus-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(dir / "data");
  return dir.string();
}

http::Response Get(std::uint16_t port, const std::string& target) {
  http::HttpClient client("127.0.0.1", port, std::chrono::seconds(10));
  return client.Send("GET", target);
}

}  // namespace

PrometheusServer::PrometheusServer(const std::vector<std::string>& targets,
                                   const std::string& ca_file)
    : dir_(FreshDir()) {
  const std::string program = FindOnPath("prometheus");
  {
    std::ofstream config(dir_ + "/prometheus.yml");
    config << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
           << "scrape_configs:\n  - job_name: sagashop\n";
    if (!ca_file.empty()) {
      config << "    scheme: https\n    tls_config:\n      ca_file: '" << ca_file << "'\n";
    }
    config << "    static_configs:\n"
           << "      - targets: [";
    for (std::size_t i = 0; i < targets.size(); ++i) {
      config << (i > 0 ? ", " : "") << "'" << targets[i] << "'";
    }
    config << "]\n";
  }
  port_ = FreePort();
  process_ = std::make_unique<ChildProcess>(
      program,
      std::vector<std::string>{
          "--config.file=" + dir_ + "/prometheus.yml", "--storage.tsdb.path=" + dir_ + "/data",
          "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--log.level=warn"},
      dir_ + "/prometheus.log");
  const bool ready = Eventually(
      [&] {
        if (!process_->Running()) return true;  // reported below
        try {
          return Get(port_, "/-/ready").status == 200;
        } catch (const http::HttpClientError&) {
          return false;
        }
      },
      std::chrono::seconds(30), std::chrono::milliseconds(100));
  if (!ready || !process_->Running()) {
    const std::string log = process_->LogTail();
    process_.reset();
    std::filesystem::remove_all(dir_);
    throw std::runtime_error("prometheus did not become ready: " + log);
  }
}

PrometheusServer::~PrometheusServer() {
  process_->Stop(std::chrono::seconds(10));
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<PromSeries> PrometheusServer::Query(const std::string& promql) const {
  const std::string target =
      "/api/v1/query?query=" + boost::urls::encode(promql, boost::urls::unreserved_chars);
  const http::Response response = Get(port_, target);
  if (response.status != 200) {
    throw std::runtime_error("prometheus query '" + promql + "' answered " +
                             std::to_string(response.status) + ": " + response.body);
  }
  const boost::json::value answer = boost::json::parse(response.body);
  const boost::json::object& data = answer.at("data").as_object();
  if (data.at("resultType").as_string() != "vector") {
    throw std::runtime_error("prometheus query '" + promql + "' is not an instant vector");
  }
  std::vector<PromSeries> series;
  for (const boost::json::value& item : data.at("result").as_array()) {
    PromSeries& one = series.emplace_back();
    for (const auto& [name, value] : item.at("metric").as_object()) {
      one.labels.emplace_back(std::string(name), std::string(value.as_string()));
    }
    // [ <time>, "<value>" ]
    one.value = std::stod(std::string(item.at("value").as_array().at(1).as_string()));
  }
  return series;
}

std::optional<double> PrometheusServer::Scalar(const std::string& promql) const {
  const std::vector<PromSeries> series = Query(promql);
  if (series.empty()) return std::nullopt;
  if (series.size() > 1) {
    throw std::runtime_error("prometheus query '" + promql + "' yields " +
                             std::to_string(series.size()) + " series, not one");
  }
  return series.front().value;
}

}  // namespace sagashop::testing
