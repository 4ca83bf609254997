#include "e2e/support/stack_script.h"

#include <filesystem>
#include <random>
#include <stdexcept>

#include "e2e/support/child_process.h"

namespace sagashop::testing {

std::string RunStackScript(const std::vector<std::string>& args,
                           const std::vector<std::string>& environment, const std::string& log_path,
                           std::chrono::minutes deadline) {
  std::vector<std::string> command = environment;
  command.emplace_back(SAGASHOP_STACK_SCRIPT);
  command.insert(command.end(), args.begin(), args.end());
  ChildProcess script("/usr/bin/env", command, log_path);
  const int status = script.WaitForExit(deadline);
  std::string output = script.LogTail(100'000);
  if (status != 0) {
    std::string what = "stack.sh";
    for (const std::string& arg : args) what += " " + arg;
    throw std::runtime_error(what + " exited with " + std::to_string(status) + ":\n" +
                             output.substr(output.size() > 8000 ? output.size() - 8000 : 0));
  }
  return output;
}

PrivateStackDir::PrivateStackDir(const std::string& name, std::vector<std::string> environment,
                                 std::vector<std::string> components)
    : components_(std::move(components)) {
  std::random_device random;
  dir_ =
      std::string(SAGASHOP_E2E_LOG_DIR) + "/" + name + "-" + std::to_string(random() % 100000000);
  std::filesystem::create_directories(dir_);
  environment_ = std::move(environment);
  environment_.insert(environment_.begin(), "SAGASHOP_STACK_DIR=" + dir_);
  std::vector<std::string> start = {"start"};
  start.insert(start.end(), components_.begin(), components_.end());
  try {
    Run(start);
  } catch (...) {
    StopAndRemove();  // a half-started stack is stopped all the same
    throw;
  }
}

PrivateStackDir::~PrivateStackDir() {
  StopAndRemove();
}

void PrivateStackDir::Run(const std::vector<std::string>& args) {
  RunStackScript(args, environment_,
                 dir_ + "-" + std::to_string(++runs_) + "-" + args.front() + ".log");
}

void PrivateStackDir::StopAndRemove() {
  try {
    std::vector<std::string> stop = {"stop"};
    stop.insert(stop.end(), components_.begin(), components_.end());
    Run(stop);
  } catch (const std::exception&) {
    // Removing what is left below matters more than why stopping complained.
  }
  std::error_code ignored;
  // As root, the script keeps PostgreSQL's data outside the stack directory (the servers run as
  // an unprivileged user) and links it from there.
  const std::filesystem::path pg_link = dir_ + "/pg";
  if (std::filesystem::is_symlink(pg_link, ignored)) {
    const std::filesystem::path pg_home = std::filesystem::read_symlink(pg_link, ignored);
    if (pg_home.parent_path().filename().string().rfind("sagashop-", 0) == 0) {
      std::filesystem::remove_all(pg_home.parent_path(), ignored);
    }
  }
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace sagashop::testing
