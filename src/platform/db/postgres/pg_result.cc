#include "platform/db/postgres/pg_result.h"

#include <charconv>
#include <cstring>

namespace sagashop::db {

ResultSet PgResult::ToResultSet() const {
  if (raw_ == nullptr) return {};
  const int column_count = PQnfields(raw_);
  const int row_count = PQntuples(raw_);

  std::vector<std::string> columns;
  columns.reserve(column_count);
  for (int c = 0; c < column_count; ++c) columns.emplace_back(PQfname(raw_, c));

  std::vector<std::vector<ResultSet::Cell>> rows;
  rows.reserve(row_count);
  for (int r = 0; r < row_count; ++r) {
    std::vector<ResultSet::Cell>& row = rows.emplace_back();
    row.reserve(column_count);
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(raw_, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(raw_, r, c), PQgetlength(raw_, r, c)));
      }
    }
  }

  // PQcmdTuples is empty for commands that report no count (DDL, SET).
  std::int64_t affected = 0;
  const char* tuples = PQcmdTuples(raw_);
  std::from_chars(tuples, tuples + std::strlen(tuples), affected);
  return ResultSet(std::move(columns), std::move(rows), affected);
}

}  // namespace sagashop::db
