#include "e2e/support/event_tap.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace sagashop::testing {
namespace {

// The folder the run asked for, or "".
std::string TapDir() {
  const char* dir = std::getenv("SAGASHOP_TEST_EVENT_TAP_DIR");
  return dir == nullptr ? "" : dir;
}

// `name` as a file name: "order#2" becomes "order-2".
std::string FileNameOf(std::string_view name) {
  std::string file(name);
  for (char& c : file) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  }
  return file;
}

}  // namespace

std::vector<std::string> EventTapArgs(std::string_view name) {
  const std::string dir = TapDir();
  if (dir.empty()) return {};
  static std::atomic<int> started{0};
  std::filesystem::create_directories(dir);
  return {"--event-tap=" + dir + "/" + FileNameOf(name) + "-" + std::to_string(::getpid()) + "-" +
          std::to_string(++started) + ".jsonl"};
}

void RecordInjectedEvent(const std::string& event_id) {
  const std::string dir = TapDir();
  if (dir.empty()) return;
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/injected.txt";
  // One write(2) with O_APPEND: suites running at once add whole lines.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  const std::string line = event_id + "\n";
  const ssize_t written = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace sagashop::testing
