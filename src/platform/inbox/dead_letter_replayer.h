#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "platform/bus/event_bus.h"
#include "platform/db/database.h"
#include "platform/db/leased_worker.h"

namespace sagashop::inbox {

struct DeadLetterReplayerConfig {
  std::string service;  // names the replayer's lease and channel
  // Requests are announced on the service's channel, but a request written by another process
  // reaches an SQLite database unannounced: it is found this soon.
  std::chrono::milliseconds poll{1000};
  std::chrono::milliseconds standby_retry{1000};  // how often a standby asks for the lease
  std::chrono::milliseconds error_backoff_max{5000};
  std::size_t batch_size = 100;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

// Carries out the replays an operator requested (`sagashop dlt replay` marks dead letters
// REPLAY_REQUESTED in the service's database): for each, lets the inbox apply the event again,
// publishes it to its original topic with its original key, value and headers, and marks it
// REPLAYED. Like the outbox relay, one replayer per database is active (a leader lease) and it
// wakes on its channel's notifications with a timer as fallback. A crash between publishing and
// marking publishes the event once more, which every inbox treats as a duplicate of it.
class DeadLetterReplayer {
 public:
  DeadLetterReplayer(db::Database& database, bus::Publisher& publisher,
                     DeadLetterReplayerConfig config);
  ~DeadLetterReplayer();

  DeadLetterReplayer(const DeadLetterReplayer&) = delete;
  DeadLetterReplayer& operator=(const DeadLetterReplayer&) = delete;

  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }  // finishes the round in progress; idempotent

  // One round: replays up to batch_size requested dead letters; returns how many. Throws when the
  // bus or the database fails (the rest stay requested). Public for tests; the replayer's thread
  // calls it while it holds the lease.
  std::size_t ReplayRequested();

  std::uint64_t ReplayedTotal() const { return replayed_total_.load(); }

 private:
  // A round of the active replayer; says how long to wait for a notification before the next.
  std::chrono::milliseconds Round();

  db::Database& database_;
  bus::Publisher& publisher_;
  DeadLetterReplayerConfig config_;

  std::atomic<std::uint64_t> replayed_total_{0};
  db::LeasedWorker worker_;  // last: its thread uses everything above
};

}  // namespace sagashop::inbox
