#pragma once

#include <string_view>

namespace sagashop::crypto {

// A column where personal data rests sealed (docs/security.md, Encryption at rest), as a service
// declares it so that `sagashop data-keys rotate` can seal it again under the active key.
struct SealedColumn {
  std::string_view table;
  std::string_view key;     // an integer key, unique per row, to walk the table in batches
  std::string_view column;  // text; may be NULL
  // Empty: the column is the sealed value. Otherwise the column holds a JSON object and this
  // top-level member of it is the sealed value (an event's "address").
  std::string_view json_member = {};
  // Empty, or an SQL condition on the row that limits the column to rows that may hold one.
  std::string_view only_where = {};
  bool jsonb = false;  // PostgreSQL's type of the column is JSONB
};

}  // namespace sagashop::crypto
