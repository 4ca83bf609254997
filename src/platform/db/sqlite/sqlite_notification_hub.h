#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "platform/db/database.h"

namespace sagashop::db {

// In-process notifications for one database file: every process that writes the file is this
// one in embedded mode, so LISTEN/NOTIFY needs no more than a registry of listeners per channel.
// Thread-safe.
class SqliteNotificationHub : public std::enable_shared_from_this<SqliteNotificationHub> {
 public:
  // Wakes every listener of `channel`.
  void Notify(std::string_view channel);

  // A listener registered before this returns: no notification after it is missed.
  std::unique_ptr<NotificationListener> Listen(std::string_view channel);

 private:
  // A listener's flag: set by Notify, cleared by the wait that sees it, so a notification that
  // lands between two waits is kept for the next one.
  struct Mailbox {
    std::mutex mutex;
    std::condition_variable arrived;
    bool pending = false;
  };
  class Listener;

  void Remove(const std::string& channel, Mailbox* mailbox);

  std::mutex mutex_;
  std::map<std::string, std::set<Mailbox*>, std::less<>> listeners_;
};

}  // namespace sagashop::db
