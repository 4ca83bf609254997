#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "e2e/support/child_process.h"
#include "platform/http/client.h"

namespace sagashop::testing {

// `sagashop outside-world` run by a test: an ephemeral port read from its log, a ledger file in
// a fresh directory of its own (kept across Restart, removed when the test ends).
class SimulatorProcess {
 public:
  explicit SimulatorProcess(std::vector<std::string> extra_args = {});
  ~SimulatorProcess();

  SimulatorProcess(const SimulatorProcess&) = delete;
  SimulatorProcess& operator=(const SimulatorProcess&) = delete;

  std::uint16_t Port() const { return port_; }

  // SIGKILL, as a crash would, then the same command again on the same ledger file.
  void CrashAndRestart();
  // SIGTERM; the exit status.
  int Stop();

  // A one-shot request on a client of the test's own (30 s timeout).
  http::Response Send(std::string_view method, std::string_view target, std::string_view body = {},
                      const http::HttpClient::Headers& headers = {});
  // POST with an Idempotency-Key.
  http::Response Post(std::string_view target, const std::string& key, std::string_view body);
  // GET that must answer 200 with a JSON object.
  boost::json::object GetJson(std::string_view target);
  // PUT /v1/admin/behaviour/{face} that must answer 200.
  void SetBehaviour(const std::string& face, std::string_view body);

  std::string Log() const { return process_ ? process_->LogTail(20000) : ""; }

 private:
  void Start();

  std::filesystem::path dir_;
  std::vector<std::string> args_;
  std::string log_path_;
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
  std::unique_ptr<http::HttpClient> client_;
};

// The JSON object of a response body (an empty object when it is not one).
boost::json::object BodyOf(const http::Response& response);
// The name of the first invalid-params entry of a problem, "" when there is none.
std::string ProblemField(const http::Response& response);

}  // namespace sagashop::testing
