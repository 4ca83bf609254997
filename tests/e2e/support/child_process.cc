#include "e2e/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace sagashop::testing {
namespace {

// Forks on one thread that lives as long as the test process. A child asks to be killed when its
// parent goes (PR_SET_PDEATHSIG), and Linux sends that when the *thread* that forked it ends: a
// test that starts a process from a short-lived client thread must not lose it when that thread
// returns, but every child must die with the test, however the test ends.
pid_t ForkOnLongLivedThread(const std::function<pid_t()>& fork_and_exec) {
  struct Spawner {
    std::mutex mutex;
    std::condition_variable wake;
    std::packaged_task<pid_t()>* task = nullptr;
    Spawner() {
      std::thread([this] {
        std::unique_lock lock(mutex);
        while (true) {
          wake.wait(lock, [this] { return task != nullptr; });
          (*task)();
          task = nullptr;
          wake.notify_all();
        }
      }).detach();
    }
  };
  static Spawner* spawner = new Spawner();  // never destroyed: its thread outlives main()
  std::packaged_task<pid_t()> task(fork_and_exec);
  std::future<pid_t> forked = task.get_future();
  {
    std::unique_lock lock(spawner->mutex);
    spawner->wake.wait(lock, [&] { return spawner->task == nullptr; });
    spawner->task = &task;
    spawner->wake.notify_all();
    spawner->wake.wait(lock, [&] { return spawner->task == nullptr; });
  }
  return forked.get();
}

// The test's environment with `added` ("NAME=VALUE" each) in place of what it names, built before
// the fork: between fork and exec a child of a threaded process may not allocate.
std::vector<char*> EnvironmentWith(std::vector<std::string>& added) {
  std::vector<char*> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view existing(*entry);
    const bool replaced = std::any_of(added.begin(), added.end(), [&](const std::string& own) {
      const std::size_t equals = own.find('=');
      return existing.substr(0, existing.find('=') + 1) ==
             std::string_view(own).substr(0, equals + 1);
    });
    if (!replaced) environment.push_back(*entry);
  }
  for (std::string& entry : added) environment.push_back(entry.data());
  environment.push_back(nullptr);
  return environment;
}

}  // namespace

ChildProcess::ChildProcess(std::string program, std::vector<std::string> args, std::string log_path,
                           std::vector<std::string> environment)
    : log_path_(std::move(log_path)) {
  std::vector<char*> argv;
  argv.push_back(program.data());
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::vector<char*> envp = EnvironmentWith(environment);
  const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("cannot open " + log_path_);
  const pid_t parent = ::getpid();
  pid_ = ForkOnLongLivedThread([&] {
    const pid_t pid = ::fork();
    if (pid == 0) {
      // Dies with the test, however the test ends (an abort runs no destructor): a server left
      // running would hold its ports and files into the next run.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
      // The test runner may block signals in its threads; the child starts with none blocked.
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    return pid;
  });
  if (pid_ < 0) throw std::runtime_error("fork failed");
  ::close(log_fd);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && exit_status_ < 0) Kill();
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || exit_status_ >= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

int ChildProcess::WaitForExit(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (Running()) {
    if (std::chrono::steady_clock::now() >= until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_status_;
}

int ChildProcess::Stop(std::chrono::milliseconds grace) {
  if (!Running()) return exit_status_;
  ::kill(pid_, SIGTERM);
  if (WaitForExit(grace) >= 0) return exit_status_;
  Kill();
  return exit_status_;
}

void ChildProcess::Kill() {
  if (!Running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exit_status_ = 128 + SIGKILL;
}

std::string ChildProcess::LogTail(std::size_t bytes) const {
  std::ifstream log(log_path_);
  std::stringstream content;
  content << log.rdbuf();
  const std::string text = content.str();
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

}  // namespace sagashop::testing
