#pragma once

#include <memory>

#include "platform/db/postgres/pg_connection.h"

namespace sagashop::db {

class PgConnectionPool;

// A connection lent by the pool; hands it back (or has it closed, when broken) on destruction.
// Move-only.
class PgPooledConnection {
 public:
  PgPooledConnection(std::shared_ptr<PgConnectionPool> pool,
                     std::unique_ptr<PgConnection> connection, bool reused);
  PgPooledConnection(PgPooledConnection&&) noexcept = default;
  PgPooledConnection& operator=(PgPooledConnection&& other) noexcept;
  PgPooledConnection(const PgPooledConnection&) = delete;
  PgPooledConnection& operator=(const PgPooledConnection&) = delete;
  ~PgPooledConnection();

  PgConnection& operator*() const { return *connection_; }
  PgConnection* operator->() const { return connection_.get(); }

  // Whether the connection had served someone before: an idle connection may have died unnoticed,
  // while a fresh one that fails means the server is really unreachable.
  bool WasReused() const { return reused_; }

 private:
  void Return() noexcept;

  std::shared_ptr<PgConnectionPool> pool_;
  std::unique_ptr<PgConnection> connection_;
  bool reused_;
};

}  // namespace sagashop::db
