#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/db/transaction.h"
#include "platform/outcall/outside_call.h"

namespace sagashop::outcall {

// Milliseconds since the Unix epoch: the clock next_attempt_ms is kept in.
std::int64_t NowEpochMs();

// The outside_calls table, within one transaction.
class OutsideCallStore {
 public:
  explicit OutsideCallStore(db::Transaction& tx) : tx_(tx) {}

  // Records an intent, due at once. False when one with its idempotency key exists already: a
  // call is decided once, however often the event that decides it is handled.
  bool Enqueue(const NewOutsideCall& call);

  struct Enqueued {
    bool recorded = false;               // false: decided already, nothing written
    std::optional<OutsideCall> claimed;  // the call, when it was claimed as it was recorded
  };
  // Records an intent as Enqueue does and, when no older call of its ordering key is pending,
  // claims it in the same statement for the caller (its first attempt, leased until
  // `lease_until_ms`), so that it can start once the transaction commits, without a claim of
  // its own.
  Enqueued EnqueueClaimed(const NewOutsideCall& call, std::int64_t lease_until_ms);
  // EnqueueClaimed for many calls in one statement, whatever their number; one answer per call,
  // in order. Of several calls of one ordering key, only the first may be claimed here (the
  // others wait their turn, due, also when the first was decided already); a call whose
  // idempotency key came earlier in `calls` is decided already. At most `claim_limit` are
  // claimed (the caller's room to run them); the rest are recorded due, for a later claim.
  std::vector<Enqueued> EnqueueClaimedAll(
      std::span<const NewOutsideCall> calls, std::int64_t lease_until_ms,
      std::size_t claim_limit = std::numeric_limits<std::size_t>::max());

  // Claims up to `limit` due calls, oldest first, skipping any whose ordering key has an older
  // call still pending; each claimed call is not due again until `lease_until_ms` and counts one
  // more attempt. Concurrent claimants (other instances) never get the same call at once.
  std::vector<OutsideCall> ClaimDue(std::int64_t now_ms, std::int64_t lease_until_ms,
                                    std::size_t limit);

  // PENDING -> DONE with the provider's answer. False when it was done already (by another
  // claimant whose lease had run out): its answer was applied then, and must not be again.
  bool MarkDone(std::int64_t id, const std::string& result);
  // MarkDone for many calls (`ids[i]` answered `results[i]`) with one statement; returns the ids
  // marked, leaving out those done already.
  std::unordered_set<std::int64_t> MarkDoneAll(std::span<const std::int64_t> ids,
                                               std::span<const std::string* const> results);

  // After an attempt that got no answer: due again at `next_attempt_ms`; `uncertain` when the
  // attempt may have reached the provider (the call stays uncertain from then on).
  void Reschedule(std::int64_t id, std::int64_t next_attempt_ms, const std::string& error,
                  bool uncertain);

  // Deletes up to 10,000 DONE calls last changed before `cutoff` (RFC 3339); returns how many.
  // Safe to forget: each service's own rows (the payment, the delivery) say a call was made.
  std::int64_t PruneDone(const std::string& cutoff);

  // Calls decided and not yet answered (for metrics).
  std::int64_t CountPending();

 private:
  db::Transaction& tx_;
};

}  // namespace sagashop::outcall
