#pragma once

#include <functional>
#include <memory>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection_pool.h"
#include "platform/db/postgres/pg_pooled_connection.h"

namespace sagashop::db {

// Where PgDatabase and the transactions it hands out (which may outlive it) take their
// connections: the pool, with each wait reported to the configuration's on_acquired, and idle
// connections that died meanwhile (the server restarted) closed and skipped, so that a restart
// costs callers nothing once the server is back.
class PgConnectionSource {
 public:
  explicit PgConnectionSource(const PgConfig& config);

  // A pooled connection on which `run` succeeded, retrying past stale idle connections.
  PgPooledConnection AcquireAndRun(const std::function<void(PgConnection&)>& run);

  // A pooled connection alive as far as can be told without sending anything: a reused one is
  // first checked for a server that hung up, which is all that can be checked before a statement
  // whose outcome must not be in doubt.
  PgPooledConnection AcquireLive();

  PoolStats Stats() const { return pool_->Stats(); }

 private:
  PgPooledConnection Acquire();

  const AcquireObserver on_acquired_;
  const int max_idle_;
  const std::shared_ptr<PgConnectionPool> pool_;
};

}  // namespace sagashop::db
