#include "e2e/support/skewable_clock.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sagashop::testing {

bool SkewableClock::Available() {
  return *SAGASHOP_LIBFAKETIME != '\0' && std::filesystem::exists(SAGASHOP_LIBFAKETIME);
}

SkewableClock::SkewableClock(std::string offset_file) : offset_file_(std::move(offset_file)) {
  if (!Available()) {
    throw std::runtime_error(
        "libfaketime is not installed (scripts/install-deps.sh installs Debian's libfaketime)");
  }
  Reset();
}

std::vector<std::string> SkewableClock::Environment() const {
  return {std::string("LD_PRELOAD=") + SAGASHOP_LIBFAKETIME,
          "FAKETIME_TIMESTAMP_FILE=" + offset_file_,
          // Read the file again at most once a second rather than at every clock call.
          "FAKETIME_CACHE_DURATION=1", "DONT_FAKE_MONOTONIC=1"};
}

void SkewableClock::Skew(std::chrono::seconds offset) {
  // Written aside and renamed into place: libfaketime never reads half a file.
  const std::string written = offset_file_ + ".new";
  {
    std::ofstream file(written, std::ios::trunc);
    file << (offset.count() < 0 ? "" : "+") << offset.count() << "\n";
    if (!file.flush()) throw std::runtime_error("cannot write " + written);
  }
  std::filesystem::rename(written, offset_file_);
}

}  // namespace sagashop::testing
