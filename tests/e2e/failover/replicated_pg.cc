#include "e2e/failover/replicated_pg.h"

#include <filesystem>
#include <random>
#include <stdexcept>

#include "e2e/support/child_process.h"
#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

ReplicatedPg::ReplicatedPg() : primary_port_(FreePort()), standby_port_(FreePort()) {
  if (standby_port_ == primary_port_) standby_port_ = FreePort();
  std::random_device random;
  dir_ = std::string(SAGASHOP_E2E_LOG_DIR) + "/pg-pair-" + std::to_string(random() % 100000000);
  std::filesystem::create_directories(dir_);
  try {
    Run({"start", "pg"});
  } catch (...) {
    StopAndRemove();  // a half-started pair is stopped all the same
    throw;
  }
}

ReplicatedPg::~ReplicatedPg() {
  StopAndRemove();
}

void ReplicatedPg::StopAndRemove() {
  try {
    Run({"stop", "pg"});  // whichever of the two still runs
  } catch (const std::exception&) {
    // Removing what is left below matters more than why stopping complained.
  }
  std::error_code ignored;
  // As root, the script keeps both clusters' data outside the stack directory (the servers run as
  // an unprivileged user), side by side, and links them from there.
  const std::filesystem::path pg_link = dir_ + "/pg";
  if (std::filesystem::is_symlink(pg_link, ignored)) {
    const std::filesystem::path pg_home = std::filesystem::read_symlink(pg_link, ignored);
    if (pg_home.parent_path().filename().string().rfind("sagashop-", 0) == 0) {
      std::filesystem::remove_all(pg_home.parent_path(), ignored);
    }
  }
  std::filesystem::remove_all(dir_, ignored);
}

std::string ReplicatedPg::AdminUri() const {
  const std::string tls = dir_ + "/tls/";
  return "postgresql://sagashop@127.0.0.1:" + std::to_string(primary_port_) +
         ",127.0.0.1:" + std::to_string(standby_port_) +
         "/postgres?sslmode=verify-full&sslrootcert=" + tls + "ca.crt&sslcert=" + tls +
         "client.crt&sslkey=" + tls + "client.key&target_session_attrs=read-write";
}

void ReplicatedPg::KillPrimary() {
  Run({"pg-kill-primary"});
}

void ReplicatedPg::Promote() {
  Run({"pg-promote"});
}

void ReplicatedPg::Run(const std::vector<std::string>& args) {
  std::vector<std::string> command = {
      "SAGASHOP_STACK_DIR=" + dir_, "SAGASHOP_STACK_PG_PORT=" + std::to_string(primary_port_),
      "SAGASHOP_STACK_PG_STANDBY=1",
      "SAGASHOP_STACK_PG_STANDBY_PORT=" + std::to_string(standby_port_), SAGASHOP_STACK_SCRIPT};
  command.insert(command.end(), args.begin(), args.end());
  const std::string log = dir_ + "-" + std::to_string(++runs_) + "-" + args.front() + ".log";
  ChildProcess script("/usr/bin/env", command, log);
  const int status = script.WaitForExit(std::chrono::minutes(3));
  if (status != 0) {
    throw std::runtime_error("stack.sh " + args.front() + " exited with " + std::to_string(status) +
                             ":\n" + script.LogTail(8000));
  }
}

}  // namespace sagashop::testing
