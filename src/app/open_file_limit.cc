#include "app/open_file_limit.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace sagashop::app {

void RaiseOpenFileLimit(std::uint64_t needed) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) {
    spdlog::warn("cannot read the limit of open files: {}", std::strerror(errno));
    return;
  }
  if (files.rlim_cur < files.rlim_max) {
    const rlim_t before = files.rlim_cur;
    files.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &files) == 0) {
      spdlog::debug("open files limit raised from {} to {}", before, files.rlim_cur);
    } else {
      files.rlim_cur = before;
    }
  }
  if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < needed) {
    spdlog::warn(
        "the limit of open files is {}, below the {} the HTTP servers may keep open with their "
        "connection limits: lower --http-max-connections or raise the limit (ulimit -n)",
        files.rlim_cur, needed);
  }
}

}  // namespace sagashop::app
