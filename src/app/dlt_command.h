#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "app/settings.h"

namespace sagashop::app {

// Which dead letters a `sagashop dlt` command looks at; empty fields match all.
struct DeadLetterSelection {
  std::vector<std::string> services;  // of order, payment, inventory, delivery
  std::string topic;                  // the topic it was consumed from, e.g. order.created.v1
};

struct DltListOptions {
  DeadLetterSelection selection;
  std::string status;  // parked | replay_requested | replayed, or empty
  bool json = false;   // one JSON array instead of a table
};

struct DltReplayOptions {
  DeadLetterSelection selection;
  std::vector<std::string> names;  // "order-3", ...
  bool all = false;                // every parked dead letter of the selection
  // How long to wait for the services to publish the replays; zero only requests them.
  std::chrono::seconds wait{30};
};

// `sagashop dlt list`: the dead letters in the services' databases (either storage), oldest first:
// the four of --target=all (the default), or the one of a single --target (with --db-uri, say).
// Returns the process exit status.
int RunDltList(const Settings& settings, const DltListOptions& options, std::ostream& out);

// `sagashop dlt replay`: marks the named (or all selected) parked dead letters REPLAY_REQUESTED in
// their service's database, where the running service's replayer publishes each to its original
// topic and marks it REPLAYED; waits for that and reports. Returns the process exit status: 0 when
// every one was replayed (or, without waiting, requested).
int RunDltReplay(const Settings& settings, const DltReplayOptions& options, std::ostream& out);

}  // namespace sagashop::app
