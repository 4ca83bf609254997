#include "platform/db/sqlite/sqlite_error.h"

#include <string>

namespace sagashop::db {

DbError::Kind SqliteErrorKind(int result_code) {
  switch (result_code & 0xff) {  // extended codes keep the primary code in the low byte
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbError::Kind::kTransient;
    case SQLITE_CONSTRAINT:
      return DbError::Kind::kConstraint;
    default:
      return DbError::Kind::kPermanent;
  }
}

DbError SqliteErrorFrom(std::string_view context, int result_code, sqlite3* db) {
  const char* text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
  return DbError(SqliteErrorKind(result_code), "sqlite: " + std::string(context) + ": " + text +
                                                   " (" + sqlite3_errstr(result_code) + ")");
}

}  // namespace sagashop::db
