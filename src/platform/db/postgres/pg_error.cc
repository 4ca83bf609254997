#include "platform/db/postgres/pg_error.h"

#include <array>
#include <string>

namespace sagashop::db {
namespace {

std::string Trimmed(const char* text) {
  std::string out = text != nullptr ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool IsClass(std::string_view sqlstate, std::string_view error_class) {
  return sqlstate.size() == 5 && sqlstate.substr(0, 2) == error_class;
}

}  // namespace

bool PgErrorEndsSession(std::string_view sqlstate) {
  // 57P01 admin_shutdown (pg_terminate_backend, smart/fast shutdown), 57P02 crash_shutdown,
  // 57P03 cannot_connect_now (server starting or stopping).
  return IsClass(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

DbError::Kind PgErrorKind(std::string_view sqlstate) {
  static constexpr std::array<std::string_view, 5> kRetryable = {
      "40001",  // serialization_failure
      "40P01",  // deadlock_detected
      "55P03",  // lock_not_available (lock_timeout, NOWAIT)
      "57014",  // query_canceled (statement_timeout)
      "53300",  // too_many_connections: another client will disconnect
  };
  if (PgErrorEndsSession(sqlstate)) return DbError::Kind::kTransient;
  for (std::string_view code : kRetryable) {
    if (sqlstate == code) return DbError::Kind::kTransient;
  }
  if (IsClass(sqlstate, "23")) return DbError::Kind::kConstraint;
  return DbError::Kind::kPermanent;
}

std::string_view PgSqlState(const PGresult* result) {
  if (result == nullptr) return {};
  const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  return code != nullptr ? std::string_view(code) : std::string_view();
}

DbError PgErrorFromResult(std::string_view context, const PGresult* result, const PGconn* conn) {
  const std::string_view sqlstate = PgSqlState(result);
  std::string message = "postgres: " + std::string(context) + ": ";
  if (sqlstate.empty()) {
    // libpq's own error (connection lost, out of memory): the connection holds the text.
    const bool lost = conn == nullptr || PQstatus(conn) != CONNECTION_OK;
    std::string text = Trimmed(result != nullptr ? PQresultErrorMessage(result) : "");
    if (text.empty() && conn != nullptr) text = Trimmed(PQerrorMessage(conn));
    if (lost) {
      return DbError(DbError::Kind::kTransient, message + "connection lost: " + text);
    }
    return DbError(DbError::Kind::kPermanent, message + text);
  }
  message += "SQLSTATE " + std::string(sqlstate) + ": " +
             Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
  const std::string detail = Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL));
  if (!detail.empty()) message += " (" + detail + ")";
  return DbError(PgErrorKind(sqlstate), message);
}

}  // namespace sagashop::db
