#include "platform/inbox/dead_letter_replayer.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "platform/core/backoff.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/dead_letter_message.h"
#include "platform/inbox/dead_letter_store.h"

namespace sagashop::inbox {

void DeadLetterReplayerConfig::Validate() const {
  if (service.empty()) throw std::invalid_argument("dead-letter replayer: service must be set");
  if (poll.count() <= 0) throw std::invalid_argument("dead-letter replayer: poll must be positive");
  if (batch_size == 0) throw std::invalid_argument("dead-letter replayer: batch_size must be > 0");
}

DeadLetterReplayer::DeadLetterReplayer(db::Database& database, bus::Publisher& publisher,
                                       DeadLetterReplayerConfig config)
    : database_(database), publisher_(publisher), config_(std::move(config)) {
  config_.Validate();
}

DeadLetterReplayer::~DeadLetterReplayer() {
  Stop();
}

void DeadLetterReplayer::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void DeadLetterReplayer::Stop() {
  bool was_running = false;
  {
    std::lock_guard lock(mutex_);
    was_running = thread_.joinable() && !stopping_;
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (was_running) {
    // Wakes the replayer if it waits on its channel, instead of at the end of its poll interval.
    try {
      std::unique_ptr<db::Transaction> tx = database_.Begin();
      tx->Notify(DeadLetterChannel(config_.service));
      tx->Commit();
    } catch (const std::exception&) {
      // Without the database the replayer is not blocked on it either; it stops on its next check.
    }
  }
  if (thread_.joinable()) thread_.join();
}

bool DeadLetterReplayer::PauseFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, timeout, [this] { return stopping_; });
}

void DeadLetterReplayer::Run() {
  Backoff backoff(std::chrono::milliseconds(100), config_.error_backoff_max);
  while (PauseFor(std::chrono::milliseconds(0))) {
    try {
      std::unique_ptr<db::LeaderLease> lease =
          database_.TryAcquireLeadership("dead-letter-replayer:" + config_.service);
      if (!lease) {
        if (!PauseFor(config_.standby_retry)) break;
        continue;
      }
      RunWhileLeader(*lease);
      backoff.Reset();
    } catch (const std::exception& error) {
      spdlog::warn("dead-letter replayer of {}: {}", config_.service, error.what());
      if (!PauseFor(backoff.Next())) break;
    }
  }
}

void DeadLetterReplayer::RunWhileLeader(db::LeaderLease& lease) {
  // Listen before the first read, so a request committed in between still wakes us.
  std::unique_ptr<db::NotificationListener> listener =
      database_.Listen(DeadLetterChannel(config_.service));
  Backoff backoff(std::chrono::milliseconds(100), config_.error_backoff_max);
  while (lease.StillHeld() && PauseFor(std::chrono::milliseconds(0))) {
    std::size_t replayed = 0;
    try {
      replayed = ReplayRequested();
      backoff.Reset();
    } catch (const std::exception& error) {
      // The bus or the database is unavailable: the requests stay and are retried.
      spdlog::warn("dead-letter replayer of {}: {}", config_.service, error.what());
      if (!PauseFor(backoff.Next())) return;
      continue;
    }
    if (replayed < config_.batch_size) listener->WaitForNotification(config_.poll);
  }
}

std::size_t DeadLetterReplayer::ReplayRequested() {
  std::vector<DeadLetter> requests;
  {
    std::unique_ptr<db::Transaction> tx = database_.Begin();
    requests = DeadLetterStore(*tx).ReplayRequests(config_.batch_size);
    tx->Commit();
  }
  for (const DeadLetter& dead_letter : requests) {
    // The inbox must not take the replay for a duplicate of the event it parked. This happens
    // before publishing: the in-process bus delivers during PublishBatch.
    {
      std::unique_ptr<db::Transaction> tx = database_.Begin();
      DeadLetterStore(*tx).ForgetDeadLetteredInInbox(dead_letter.event_id);
      tx->Commit();
    }
    const bus::OutgoingMessage replay = BuildReplayMessage(dead_letter);
    if (publisher_.PublishBatch({&replay, 1}) != 1) {
      throw bus::BusError("could not replay " + dead_letter.Name() + " to " + replay.topic);
    }
    {
      std::unique_ptr<db::Transaction> tx = database_.Begin();
      DeadLetterStore(*tx).MarkReplayed(dead_letter.id, NowRfc3339());
      tx->Commit();
    }
    ++replayed_total_;
    spdlog::info("{}: dead letter {} (event {}) replayed to {}", config_.service,
                 dead_letter.Name(), dead_letter.event_id, replay.topic);
  }
  return requests.size();
}

}  // namespace sagashop::inbox
