#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "platform/db/database.h"

namespace sagashop::db {

// Settings of one PostgreSQL database and its connection pool. The pool defaults are those of
// docs/contracts.md, Defaults (25 open, 10 idle, 5 min lifetime, 2 min idle time).
struct PgConfig {
  // A libpq connection string: a URI (postgresql://user@host:port/db) or key=value pairs.
  std::string conninfo;

  int max_open = 25;
  int max_idle = 10;
  std::chrono::milliseconds max_lifetime = std::chrono::minutes(5);
  std::chrono::milliseconds max_idle_time = std::chrono::minutes(2);
  // How long Begin() waits for a free connection before failing with a transient error.
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5);
  // Used unless the connection string sets its own connect_timeout. libpq counts whole seconds.
  std::chrono::seconds connect_timeout = std::chrono::seconds(5);
  // Server-side limit per statement; unset leaves the server's default.
  std::optional<std::chrono::milliseconds> statement_timeout;
  // Shown in pg_stat_activity, unless the connection string names its own.
  std::string application_name = "sagashop";
  // Told how long each connection took to get from the pool, a failed wait included.
  AcquireObserver on_acquired;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::db
