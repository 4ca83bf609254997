#include "platform/core/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sagashop::core {
namespace {

[[noreturn]] void ThrowIoError(const std::string& what, const std::filesystem::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

// Owns a file descriptor; closes it on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void WriteAll(int fd, std::string_view content, const std::filesystem::path& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      ThrowIoError("cannot write", path);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

bool CreateSecretFile(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  if (!std::filesystem::exists(folder)) {
    std::filesystem::create_directories(folder);
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
  }
  if (std::filesystem::exists(path)) return false;

  // Written under a name of this process's own, so a reader never sees half a key.
  std::filesystem::path draft = path;
  draft += ".new." + std::to_string(::getpid());
  {
    const Descriptor fd(::open(draft.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) ThrowIoError("cannot create", draft);
    WriteAll(fd.get(), content, draft);
    if (::fsync(fd.get()) != 0) ThrowIoError("cannot sync", draft);
  }
  // link() fails if `path` appeared meanwhile: the first writer wins, the draft goes.
  const bool created = ::link(draft.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  std::filesystem::remove(draft);
  if (!created && link_errno != EEXIST) {
    errno = link_errno;
    ThrowIoError("cannot create", path);
  }
  return created;
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) ThrowIoError("cannot read", path);
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) ThrowIoError("cannot read", path);
  return content.str();
}

}  // namespace sagashop::core
