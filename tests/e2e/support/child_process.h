#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace sagashop::testing {

// A program the test runs, with its output in a log file. The destructor kills it if it is still
// running, so a failing test leaves no process behind.
class ChildProcess {
 public:
  // `environment` ("NAME=VALUE" each) is added to the test's own for this program only.
  ChildProcess(std::string program, std::vector<std::string> args, std::string log_path,
               std::vector<std::string> environment = {});
  ~ChildProcess();

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t Pid() const { return pid_; }
  bool Running();
  // SIGTERM, then SIGKILL after `grace`; returns the exit status (or 128 + signal).
  int Stop(std::chrono::milliseconds grace = std::chrono::seconds(15));
  void Kill();  // SIGKILL, as a crash would
  // Waits for the program to end by itself; its exit status, or -1 if it still runs at `deadline`.
  int WaitForExit(std::chrono::milliseconds deadline);
  std::string LogTail(std::size_t bytes = 4000) const;

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

}  // namespace sagashop::testing
