#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "platform/db/database.h"

namespace sagashop::db {

struct LeasedWorkerConfig {
  std::string role;     // the leader lease: one worker per database and role is active
  std::string channel;  // a notification on it wakes a waiting round at once
  std::string name;     // for the log, e.g. "outbox relay of order"
  std::chrono::milliseconds standby_retry{1000};  // how often a standby asks for the lease
  std::chrono::milliseconds error_backoff_initial{100};
  std::chrono::milliseconds error_backoff_max{5000};
};

// The loop shared by the database's background workers (the outbox relay, the dead-letter
// replayer): on a thread of its own, take the leader lease (or stand by and ask again), then run
// rounds while the lease holds. A round returns how long to wait for a notification of the
// channel before the next one (zero: at once); a round that throws is logged and retried with
// backoff. Listening starts before the first round, so work committed in between still wakes it.
class LeasedWorker {
 public:
  using Round = std::function<std::chrono::milliseconds()>;

  LeasedWorker(Database& database, LeasedWorkerConfig config, Round round)
      : database_(database), config_(std::move(config)), round_(std::move(round)) {}
  ~LeasedWorker() { Stop(); }

  LeasedWorker(const LeasedWorker&) = delete;
  LeasedWorker& operator=(const LeasedWorker&) = delete;

  void Start();
  void Stop();  // finishes the round in progress; idempotent

  bool Leading() const { return leading_.load(); }

 private:
  void Run();
  void RunWhileLeader(LeaderLease& lease);
  bool PauseFor(std::chrono::milliseconds timeout);  // false once stopping

  Database& database_;
  LeasedWorkerConfig config_;
  Round round_;

  std::atomic<bool> leading_{false};
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sagashop::db
