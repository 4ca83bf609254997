#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace sagashop::testing {

// Runs the project's scripts/stack.sh with `args`, `environment` (NAME=VALUE each) added for that
// run only, its output in `log_path`. Returns what it printed; throws std::runtime_error with the
// output's tail unless it exits 0 within `deadline`.
std::string RunStackScript(const std::vector<std::string>& args,
                           const std::vector<std::string>& environment, const std::string& log_path,
                           std::chrono::minutes deadline = std::chrono::minutes(3));

// Servers of a test's own, started by scripts/stack.sh in a directory of their own (under the e2e
// log directory) with the settings of `environment`, so that the test can stop, kill or fail
// them over without touching the servers other tests share. The destructor stops `components`
// and removes the directory, data and all (also what the script keeps outside it as root).
class PrivateStackDir {
 public:
  PrivateStackDir(const std::string& name, std::vector<std::string> environment,
                  std::vector<std::string> components);
  ~PrivateStackDir();

  PrivateStackDir(const PrivateStackDir&) = delete;
  PrivateStackDir& operator=(const PrivateStackDir&) = delete;

  // `stack.sh args...` on this directory; each run's output in a log beside it.
  void Run(const std::vector<std::string>& args);
  // A file of the stack's own CA and client identity: "ca.crt", "client.crt", "client.key".
  std::string TlsFile(const std::string& name) const { return dir_ + "/tls/" + name; }

 private:
  void StopAndRemove();

  std::string dir_;
  std::vector<std::string> environment_;
  std::vector<std::string> components_;
  int runs_ = 0;  // names each run's log
};

}  // namespace sagashop::testing
