#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "platform/db/database.h"

namespace sagashop::outbox {

// How far the relay may publish without passing an outbox id that can still commit.
//
// Ids come from a sequence when a row is inserted, but transactions commit in their own order: a
// transaction holding id 7 may commit after id 8 is visible. Publishing 8 first would put one
// order's events out of order if both are its events. So the relay publishes in id order and stops
// at the first id it cannot see, until that gap is settled:
//  - it fills (the writer commits), which the relay notices as contiguous ids; or
//  - every transaction that was running when the relay saw the gap has ended; the ids below the
//    highest one it saw are then final, and a gap still there was rolled back and never fills.
// The second rule needs each writer to have its transaction id before it takes an outbox id (the
// PostgreSQL insert of OutboxWriter does so), so that the gap's writer was among those running.
//
// SQLite runs one writer at a time, so ids commit in order and every visible row may go.
class CommitHorizon {
 public:
  explicit CommitHorizon(db::Dialect dialect) : dialect_(dialect) {}

  // Reads up to `limit` pending rows in id order: id, event_id, aggregate_id, event_type, payload,
  // trace_parent, created_at, and the reading snapshot (PostgreSQL; empty for SQLite).
  const db::Query& SelectPending() const;

  // Before reading, in a statement of its own: settles the gaps of an earlier round whose
  // transactions have all ended. A read in the same statement would use a snapshot taken before
  // the check, and could miss the row of a writer that committed in between.
  void Refresh(db::Database& database);

  // Of `ids` (ascending, read in `snapshot`), how many leading ones may be published now. When it
  // holds rows back, it remembers what it must wait for.
  std::size_t Admit(std::span<const std::int64_t> ids, std::string_view snapshot);

  // Rows are held back until transactions end; the relay then looks again soon, since a rolled
  // back transaction sends no notification.
  bool Waiting() const { return barrier_.has_value(); }
  // A gap seen in the last round has not been checked yet: most transactions have ended by the
  // time the relay asks, so it asks at once rather than after a pause.
  bool FreshGap() const { return barrier_.has_value() && !barrier_->checked; }

 private:
  // Every id up to `through_id` is final once the transactions running at `snapshot` have ended.
  struct Barrier {
    std::string snapshot;
    std::int64_t through_id = 0;
    bool checked = false;  // Refresh found some of them still running
  };

  db::Dialect dialect_;
  // Every id up to this one is visible to the next read or will never exist; unknown until the
  // first barrier settles.
  std::optional<std::int64_t> settled_through_;
  std::optional<Barrier> barrier_;
};

}  // namespace sagashop::outbox
