#include "platform/inbox/dead_letter_replayer.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

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
    : database_(database),
      publisher_(publisher),
      config_(std::move(config)),
      worker_(database,
              {.role = "dead-letter-replayer:" + config_.service,
               .channel = DeadLetterChannel(config_.service),
               .name = "dead-letter replayer of " + config_.service,
               .standby_retry = config_.standby_retry,
               .error_backoff_initial = std::chrono::milliseconds(100),
               .error_backoff_max = config_.error_backoff_max},
              [this] { return Round(); }) {
  config_.Validate();
}

DeadLetterReplayer::~DeadLetterReplayer() {
  Stop();
}

std::chrono::milliseconds DeadLetterReplayer::Round() {
  return ReplayRequested() < config_.batch_size ? config_.poll : std::chrono::milliseconds(0);
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
