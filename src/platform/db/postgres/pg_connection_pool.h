#pragma once

#include <memory>

#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_connection.h"
#include "platform/db/postgres/pg_pooled_connection.h"
#include "platform/pool/bounded_pool.h"

namespace sagashop::db {

// The bounded pool of connections to one PostgreSQL database.
using PgConnectionPool = pool::BoundedPool<PgConnection>;

// A pool with `config`'s limits (max_open, max_idle, max_lifetime, max_idle_time,
// acquire_timeout). A connection broken or left inside a transaction is closed when it comes
// back. Acquire() throws DbError(kTransient) when no connection frees up within acquire_timeout
// or a new one can't be opened.
std::shared_ptr<PgConnectionPool> CreatePgConnectionPool(const PgConfig& config);

}  // namespace sagashop::db
