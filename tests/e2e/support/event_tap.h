#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sagashop::testing {

// The e2e suites' side of the event tap: when the test run names a folder for it
// (SAGASHOP_TEST_EVENT_TAP_DIR; scripts/test.sh does), every sagashop process a suite starts
// appends each event it publishes to a file of its own there (the --event-tap test seam), and
// scripts/api/check_tapped_events.py later checks every one against api/asyncapi.json and
// api/events/. Without the variable, nothing is tapped.

// The flags that start the process `name` ("order", "order#2", "sagashop") with its own tap file:
// {"--event-tap=<folder>/<name>-<test pid>-<n>.jsonl"}, a new file at each call (a restarted
// process writes a new one); empty when the run asks for no tap. Every place that starts a
// sagashop system adds these to its flags.
std::vector<std::string> EventTapArgs(std::string_view name);

// Notes that the event `event_id` (its ce_id) was put on the bus on purpose, as a buggy producer
// would, so that the check of the tapped events leaves it out (<folder>/injected.txt, one id a
// line). Does nothing when the run asks for no tap.
void RecordInjectedEvent(const std::string& event_id);

}  // namespace sagashop::testing
