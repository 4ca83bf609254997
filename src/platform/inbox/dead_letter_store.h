#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/transaction.h"
#include "platform/inbox/dead_letter.h"

namespace sagashop::inbox {

// Which dead letters to list; an empty field matches all.
struct DeadLetterFilter {
  std::string topic;
  std::optional<DeadLetterStatus> status;
  std::int64_t after_id = 0;  // keyset pagination: ids greater than this
  std::int64_t limit = std::numeric_limits<std::int64_t>::max();
};

// The dead_letters table of one service's database (see kDeadLettersPostgres), inside the
// caller's transaction.
class DeadLetterStore {
 public:
  explicit DeadLetterStore(db::Transaction& tx) : tx_(tx) {}

  // Records a parked event (its id and status are ignored); returns its id.
  std::int64_t Insert(const DeadLetter& dead_letter);

  std::vector<DeadLetter> List(const DeadLetterFilter& filter);
  std::optional<DeadLetter> Find(std::int64_t id);

  // PARKED -> REPLAY_REQUESTED; false when the dead letter is not parked (unknown, or requested
  // or replayed already).
  bool RequestReplay(std::int64_t id, const std::string& now);
  // The oldest requested replays, at most `limit`.
  std::vector<DeadLetter> ReplayRequests(std::size_t limit);
  // REPLAY_REQUESTED -> REPLAYED.
  void MarkReplayed(std::int64_t id, const std::string& now);

  // Lets the consumer apply `event_id` again: removes the inbox row that marks it DEAD_LETTERED
  // (a row of a processed event stays, so a replay of a handled event stays a duplicate).
  void ForgetDeadLetteredInInbox(const std::string& event_id);

 private:
  db::Transaction& tx_;
};

// The channel a service's replayer listens on for replay requests.
std::string DeadLetterChannel(std::string_view service);

}  // namespace sagashop::inbox
