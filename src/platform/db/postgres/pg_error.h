#pragma once

#include <libpq-fe.h>

#include <string_view>

#include "platform/db/db_error.h"

namespace sagashop::db {

// Whether retrying can help, judged by SQLSTATE: serialization failures, deadlocks, lock and
// statement timeouts, shutdowns and connection errors are transient; integrity violations (class
// 23) are constraint errors; everything else is permanent.
DbError::Kind PgErrorKind(std::string_view sqlstate);

// True when the server or libpq reported that the session is over (class 08, admin/crash
// shutdown): such a connection must never go back to the pool.
bool PgErrorEndsSession(std::string_view sqlstate);

// The SQLSTATE of a failed result, or "" when libpq produced the error itself (e.g. the socket
// closed), which is how a lost connection usually shows up.
std::string_view PgSqlState(const PGresult* result);

// Builds the error for a failed command. `result` may be null (libpq could not even send the
// command); without a SQLSTATE the error is transient when the connection is gone and permanent
// otherwise. The message carries the SQLSTATE and the server's own words.
DbError PgErrorFromResult(std::string_view context, const PGresult* result, const PGconn* conn);

}  // namespace sagashop::db
