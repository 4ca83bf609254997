#pragma once

#include <memory>
#include <string>

#include "platform/db/sqlite/sqlite_notification_hub.h"
#include "platform/db/sqlite/sqlite_writer_gate.h"

namespace sagashop::db {

// What all SqliteDatabase objects of this process that open the same file share: the writer turn
// and the notification hub. Two objects on one file (two services misconfigured onto one path, a
// test reopening a file) then still take turns and hear each other's notifications.
struct SqliteFileState {
  std::shared_ptr<SqliteWriterGate> writer_gate = std::make_shared<SqliteWriterGate>();
  std::shared_ptr<SqliteNotificationHub> hub = std::make_shared<SqliteNotificationHub>();

  // The state of the file at `canonical_path`, created on first use and kept while anyone holds it.
  static std::shared_ptr<SqliteFileState> For(const std::string& canonical_path);
};

}  // namespace sagashop::db
