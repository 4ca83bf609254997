#pragma once

#include <sqlite3.h>

#include <string_view>

#include "platform/db/db_error.h"

namespace sagashop::db {

// Whether retrying can help, judged by the primary result code: BUSY and LOCKED (another writer)
// are transient, CONSTRAINT (unique, check, foreign key, not null) is a constraint error,
// everything else is permanent.
DbError::Kind SqliteErrorKind(int result_code);

// The error for a failed call on `db`: the message carries `context` (which names the query) and
// SQLite's own words.
DbError SqliteErrorFrom(std::string_view context, int result_code, sqlite3* db);

}  // namespace sagashop::db
