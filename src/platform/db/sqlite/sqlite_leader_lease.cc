#include "platform/db/sqlite/sqlite_leader_lease.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/db/db_error.h"

namespace sagashop::db {

std::string SqliteLeaderLease::LockPath(const std::string& database_path, std::string_view role) {
  std::string sanitized;
  for (char c : role) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    sanitized += safe ? c : '_';
  }
  return database_path + "." + sanitized + ".lock";
}

std::unique_ptr<SqliteLeaderLease> SqliteLeaderLease::TryAcquire(const std::string& database_path,
                                                                 std::string_view role) {
  std::string path = LockPath(database_path, role);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw DbError(DbError::Kind::kPermanent,
                  "sqlite: cannot open lock file '" + path + "': " + std::strerror(errno));
  }
  // Owned from here on, so every exit below closes it.
  std::unique_ptr<SqliteLeaderLease> lease(new SqliteLeaderLease(fd, std::move(path)));
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return nullptr;
    throw DbError(DbError::Kind::kTransient,
                  "sqlite: cannot lock '" + lease->path_ + "': " + std::strerror(errno));
  }
  return lease;
}

SqliteLeaderLease::~SqliteLeaderLease() {
  // Closing the only descriptor of the open file description releases the flock. The file stays:
  // deleting it would let a newcomer lock a fresh file while a waiter still holds the old one.
  ::close(fd_);
}

bool SqliteLeaderLease::StillHeld() {
  if (lost_) return false;
  struct stat held {};
  struct stat at_path {};
  if (::fstat(fd_, &held) != 0 || ::stat(path_.c_str(), &at_path) != 0 ||
      held.st_dev != at_path.st_dev || held.st_ino != at_path.st_ino) {
    lost_ = true;
  }
  return !lost_;
}

}  // namespace sagashop::db
