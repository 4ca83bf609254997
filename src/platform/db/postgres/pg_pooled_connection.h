#pragma once

#include "platform/db/postgres/pg_connection.h"
#include "platform/pool/bounded_pool.h"

namespace sagashop::db {

// A connection lent by the pool; hands it back (or has it closed, when broken or still inside a
// transaction) when it ends. WasReused() tells a connection that sat idle from a fresh one.
using PgPooledConnection = pool::BoundedPool<PgConnection>::Lease;

}  // namespace sagashop::db
