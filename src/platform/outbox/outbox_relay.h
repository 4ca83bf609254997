#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/bus/event_bus.h"
#include "platform/db/database.h"
#include "platform/db/leased_worker.h"
#include "platform/outbox/commit_horizon.h"

namespace sagashop::outbox {

// An event the bus has acknowledged, as the relay tells its service (see on_published).
struct PublishedEvent {
  std::string_view event_type;
  std::string_view aggregate_id;  // the message key: the order id
};

struct OutboxRelayConfig {
  std::string service;  // names the relay's lock and channel, and is the events' ce_source
  std::size_t batch_size = 500;
  // The timer fallback: a relay that missed a notification still finds new rows this soon.
  std::chrono::milliseconds idle_poll{1000};
  // How soon a relay holding rows back behind a gap in the ids looks again (see CommitHorizon).
  std::chrono::milliseconds held_back_recheck{10};
  // How often a standby relay asks whether the active one is gone.
  std::chrono::milliseconds standby_retry{1000};
  std::chrono::milliseconds error_backoff_max{5000};
  std::chrono::hours retention{24 * 7};  // SENT rows older than this are pruned
  std::chrono::minutes prune_interval{10};
  // For a service whose own state follows its events onto the bus: asked, for each batch the bus
  // acknowledged, for a statement to run with the marking of the batch as SENT (in the marking
  // transaction on SQLite, where a commit of its own would cost an fsync; on PostgreSQL as a
  // statement of its own just before the marking one). Should it fail, the batch is published
  // and asked about again, so the statement must be idempotent. nullopt: nothing to run. Optional.
  std::function<std::optional<db::Statement>(std::span<const PublishedEvent>)> on_published;

  void Validate() const;
};

// Moves committed outbox rows to the bus (docs/contracts.md, rule 1): in id order, a batch per
// round trip, waits for the bus's acknowledgement, then marks them SENT. It never publishes a row
// while a lower id may still commit (CommitHorizon), so rows reach the bus in id order even when
// their transactions commit out of it. One relay per database is active (a leader lease); the
// others stand by and take over when it goes. Wakes on the outbox channel's notifications, with a
// timer as fallback.
//
// The statement that marks a batch SENT also reads the next one, so a relay with a backlog costs
// one statement per batch.
class OutboxRelay {
 public:
  OutboxRelay(db::Database& database, bus::Publisher& publisher, OutboxRelayConfig config);
  ~OutboxRelay();

  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void Start() { worker_.Start(); }
  void Stop() { worker_.Stop(); }  // finishes the round in progress; idempotent

  // One round: publishes up to batch_size pending rows, those no lower id can still precede, and
  // marks them SENT (in the transaction that reads ahead for the next round). Returns how many.
  // Public for tests; the relay's thread calls it while it holds the lease. The first round of a
  // new relay settles where it stands and may publish nothing.
  std::size_t PublishPendingBatch();

  // Deletes SENT rows older than the retention; returns how many.
  std::int64_t PruneSent();

  bool IsActive() const { return worker_.Leading(); }
  std::uint64_t PublishedTotal() const { return published_total_.load(); }
  // Rows read but held back behind a lower id that might still commit, summed over rounds.
  std::uint64_t HeldBackTotal() const { return held_back_total_.load(); }
  // Rounds that read the outbox (tests wait for a round that began after some commit).
  std::uint64_t RoundsTotal() const { return rounds_total_.load(); }

 private:
  // A round of the active relay: publishes a batch, prunes now and then, and says how long to
  // wait for a notification before the next round.
  std::chrono::milliseconds Round();

  // Settles gaps, then marks `sent` SENT (if any) and reads the pending rows: on PostgreSQL one
  // statement (plus one while a gap is being waited out).
  // `follow_up` (from on_published) runs first, with the marking.
  db::ResultSet MarkSentAndReadPending(const std::vector<std::int64_t>& sent,
                                       const std::optional<db::Statement>& follow_up = {});
  void MarkSent(const std::vector<std::int64_t>& ids,
                const std::optional<db::Statement>& follow_up);
  // What config_.on_published wants run for the first `count` rows, acknowledged by the bus.
  std::optional<db::Statement> FollowUpOf(const db::ResultSet& rows, std::size_t count) const;

  db::Database& database_;
  bus::Publisher& publisher_;
  OutboxRelayConfig config_;
  std::string source_;

  std::chrono::steady_clock::time_point next_prune_{};  // the first round prunes
  // Used by the relay's thread only (or a test's, never both).
  CommitHorizon horizon_;
  // Rows read with the last batch's mark, for the next round; a round that follows at once uses
  // them instead of reading again.
  std::optional<db::ResultSet> read_ahead_;
  std::atomic<std::uint64_t> published_total_{0};
  std::atomic<std::uint64_t> held_back_total_{0};
  std::atomic<std::uint64_t> rounds_total_{0};
  db::LeasedWorker worker_;  // last: its thread uses everything above
};

}  // namespace sagashop::outbox
