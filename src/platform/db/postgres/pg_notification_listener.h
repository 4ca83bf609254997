#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection.h"

namespace sagashop::db {

// LISTENs on one channel over a dedicated connection (outside the pool, which would hand the
// session to others). Survives the connection dropping: the next wait reconnects and LISTENs
// again. Not thread-safe: one thread waits.
class PgNotificationListener final : public NotificationListener {
 public:
  // Connects and LISTENs before returning, so that no commit after this call goes unnoticed.
  // Throws DbError when the server can't be reached.
  PgNotificationListener(PgConfig config, std::string channel);

  // Returns true as soon as notifications arrived (all pending ones are consumed at once), or
  // after reconnecting, since notifications sent while the connection was down are lost. Returns
  // false when `timeout` passes quietly, also when the server stays unreachable for all of it.
  bool WaitForNotification(std::chrono::milliseconds timeout) override;

 private:
  void Connect();
  bool Reconnect(std::chrono::steady_clock::time_point deadline);

  const PgConfig config_;
  const std::string channel_;
  std::unique_ptr<PgConnection> connection_;
};

}  // namespace sagashop::db
