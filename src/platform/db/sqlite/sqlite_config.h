#pragma once

#include <chrono>
#include <string>

#include "platform/db/database.h"

namespace sagashop::db {

// Settings of one service's SQLite database file and its connections.
struct SqliteConfig {
  // The database file; its directory is created if missing. A real file is required (not
  // ":memory:"), since every pooled connection must see the same data.
  std::string path;
  // synchronous=FULL: a commit survives power loss. NORMAL: in WAL mode a commit survives a process
  // crash but the last ones may be lost with the machine.
  bool durable = true;
  // How long SQLite retries a locked file (another process writing) before SQLITE_BUSY.
  std::chrono::milliseconds busy_timeout = std::chrono::seconds(5);
  // Connections kept open for reads, besides the one for writes; each keeps its own prepared
  // statements and page cache.
  int max_connections = 8;
  // How long Begin() waits for the writer turn or a free connection before a transient error.
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5);
  // Told how long each Begin() took to get its writer turn and a connection, a failed wait
  // included.
  AcquireObserver on_acquired;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::db
