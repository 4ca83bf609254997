#include "e2e/support/simulator_process.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <regex>
#include <stdexcept>

#include "support/eventually.h"

namespace sagashop::testing {
namespace {

std::filesystem::path FreshDirectory() {
  const std::filesystem::path logs(SAGASHOP_E2E_LOG_DIR);
  std::filesystem::create_directories(logs);
  std::string pattern = (logs / "outside-world-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// The port from the simulator's "outside world listening on http://HOST:PORT" line (0 until
// it appears). Counting occurrences tells a restarted process's line from the first one's.
std::vector<std::uint16_t> ListeningPorts(const std::string& log) {
  static const std::regex kListening(R"(outside world listening on http://[^ :]+:(\d+))");
  std::vector<std::uint16_t> ports;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), kListening);
       it != std::sregex_iterator(); ++it) {
    ports.push_back(static_cast<std::uint16_t>(std::stoi((*it)[1].str())));
  }
  return ports;
}

}  // namespace

SimulatorProcess::SimulatorProcess(std::vector<std::string> extra_args)
    : dir_(FreshDirectory()), log_path_((dir_ / "outside-world.log").string()) {
  args_ = {"outside-world", "--listen-port=0", "--ledger-file=" + (dir_ / "ledger.db").string()};
  args_.insert(args_.end(), extra_args.begin(), extra_args.end());
  Start();
}

SimulatorProcess::~SimulatorProcess() {
  client_.reset();
  if (process_) process_->Kill();
  std::error_code ignored;
  // The log stays for a failing test to be read; the ledger goes.
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir_, ignored);
}

void SimulatorProcess::Start() {
  const std::size_t started_before = ListeningPorts(Log()).size();
  process_ = std::make_unique<ChildProcess>(SAGASHOP_BINARY, args_, log_path_);
  const bool listening = Eventually([&] {
    return ListeningPorts(process_->LogTail(1'000'000)).size() > started_before ||
           !process_->Running();
  });
  const auto ports = ListeningPorts(process_->LogTail(1'000'000));
  if (!listening || ports.size() <= started_before) {
    throw std::runtime_error("outside world did not start:\n" + Log());
  }
  port_ = ports.back();
  client_ = std::make_unique<http::HttpClient>("127.0.0.1", port_);
}

void SimulatorProcess::CrashAndRestart() {
  client_.reset();
  process_->Kill();
  Start();
}

int SimulatorProcess::Stop() {
  client_.reset();
  return process_->Stop();
}

http::Response SimulatorProcess::Send(std::string_view method, std::string_view target,
                                      std::string_view body,
                                      const http::HttpClient::Headers& headers) {
  return client_->Send(method, target, body, headers);
}

http::Response SimulatorProcess::Post(std::string_view target, const std::string& key,
                                      std::string_view body) {
  return Send("POST", target, body, {{"Idempotency-Key", key}});
}

boost::json::object SimulatorProcess::GetJson(std::string_view target) {
  const http::Response response = Send("GET", target);
  if (response.status != 200) {
    throw std::runtime_error("GET " + std::string(target) + " answered " +
                             std::to_string(response.status) + ": " + response.body);
  }
  return BodyOf(response);
}

void SimulatorProcess::SetBehaviour(const std::string& face, std::string_view body) {
  const http::Response response = Send("PUT", "/v1/admin/behaviour/" + face, body);
  if (response.status != 200) {
    throw std::runtime_error("PUT behaviour answered " + std::to_string(response.status) + ": " +
                             response.body);
  }
}

boost::json::object BodyOf(const http::Response& response) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(response.body, ec);
  if (ec || !value.is_object()) return {};
  return std::move(value.as_object());
}

std::string ProblemField(const http::Response& response) {
  const boost::json::object problem = BodyOf(response);
  const auto* params = problem.if_contains("invalid-params");
  if (params == nullptr || !params->is_array() || params->as_array().empty()) return "";
  return std::string(params->as_array().at(0).at("name").as_string());
}

}  // namespace sagashop::testing
