#pragma once

#include <boost/json/array.hpp>
#include <cstddef>
#include <initializer_list>
#include <string>

#include "platform/db/query.h"

namespace sagashop::db {

// Many rows as one statement parameter, so that a batch costs one statement however large it is:
// a JSON array with an array per row. PostgreSQL reads it with
// `jsonb_array_elements($n::jsonb) AS r` and `r->>0`, `(r->>1)::bigint`, ...; SQLite with
// `json_each($n)` and `value->>0`, ... One encoding serves both dialects, and JSON escapes
// whatever the text holds (an array literal would need its own quoting rules).
class RowBatch {
 public:
  void Add(std::initializer_list<Param> row);

  std::size_t Size() const { return rows_.size(); }
  bool Empty() const { return rows_.empty(); }

  // The parameter to bind.
  Param AsParam() const;

 private:
  boost::json::array rows_;
};

// A list of values as one parameter, e.g. for `WHERE id IN (SELECT value FROM json_each($1))`
// (SQLite) or `WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)` (PostgreSQL).
class ValueList {
 public:
  void Add(const Param& value);
  std::size_t Size() const { return values_.size(); }
  bool Empty() const { return values_.empty(); }
  Param AsParam() const;

 private:
  boost::json::array values_;
};

}  // namespace sagashop::db
