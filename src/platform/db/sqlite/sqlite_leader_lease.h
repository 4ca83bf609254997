#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "platform/db/database.h"

namespace sagashop::db {

// Leadership held as flock(LOCK_EX) on a lock file beside the database
// ("<database path>.<role>.lock"). The lock belongs to the open file description, which this lease
// opens for itself: two leases exclude each other within one process as across processes, and the
// kernel frees the lock when the holder closes it or dies. Not thread-safe.
class SqliteLeaderLease final : public LeaderLease {
 public:
  // nullptr when another holder has the role. Throws DbError when the lock file can't be opened.
  static std::unique_ptr<SqliteLeaderLease> TryAcquire(const std::string& database_path,
                                                       std::string_view role);

  ~SqliteLeaderLease() override;
  SqliteLeaderLease(const SqliteLeaderLease&) = delete;
  SqliteLeaderLease& operator=(const SqliteLeaderLease&) = delete;

  // True while the lock file we hold is still the one at the path: if someone deleted or replaced
  // it, a newcomer could lock the new file, so the lease counts as lost.
  bool StillHeld() override;

  // "<database path>.<role with anything but [A-Za-z0-9_.-] replaced by '_'>.lock"
  static std::string LockPath(const std::string& database_path, std::string_view role);

 private:
  SqliteLeaderLease(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_;  // owned: closed (and so unlocked) on destruction
  std::string path_;
  bool lost_ = false;
};

}  // namespace sagashop::db
