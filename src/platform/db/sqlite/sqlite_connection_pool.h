#pragma once

#include <memory>

#include "platform/db/sqlite/sqlite_config.h"
#include "platform/db/sqlite/sqlite_connection.h"
#include "platform/pool/bounded_pool.h"

namespace sagashop::db {

// At most max_connections connections to one file, opened on demand and kept open: a local file
// has no server to drop them, and each keeps its prepared statements.
using SqliteConnectionPool = pool::BoundedPool<SqliteConnection>;

// A connection lent by the pool; hands it back when it ends, or has it closed when it was left
// inside a transaction.
using SqlitePooledConnection = SqliteConnectionPool::Lease;

// A pool of `max_connections` (by default `config`'s). Acquire() throws DbError(kTransient) when
// none frees up in time, and DbError when a new one can't be opened.
std::shared_ptr<SqliteConnectionPool> CreateSqliteConnectionPool(const SqliteConfig& config,
                                                                 int max_connections = 0);

}  // namespace sagashop::db
