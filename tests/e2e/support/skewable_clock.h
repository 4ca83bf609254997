#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace sagashop::testing {

// A wall clock of one process's own that a test can move while the process runs, as a machine's
// clock moves when its time sync goes wrong. Made with libfaketime (Debian's libfaketime): the
// process starts with Environment(), which preloads the library and points it at a file holding
// the offset; Skew() rewrites the file, and the process reads it again within a second.
//
// Only the wall clock moves (DONT_FAKE_MONOTONIC): deadlines, timeouts and backoff run on the
// monotonic clock and keep real time, as they do on a real machine whose time sync jumped.
class SkewableClock {
 public:
  // Whether libfaketime is installed where the build found it.
  static bool Available();

  // Keeps the offset in `offset_file`, which starts at no offset.
  explicit SkewableClock(std::string offset_file);

  // What to add to the process's environment ("NAME=VALUE" each).
  std::vector<std::string> Environment() const;

  // From now on (within a second) the process's wall clock is `offset` ahead of real time (behind
  // when negative).
  void Skew(std::chrono::seconds offset);
  void Reset() { Skew(std::chrono::seconds(0)); }

 private:
  std::string offset_file_;
};

}  // namespace sagashop::testing
