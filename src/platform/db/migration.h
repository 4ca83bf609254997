#pragma once

#include <string_view>

namespace sagashop::db {

// One step of a service's schema, in both dialects. Versions increase by one from 1; an applied
// version is never edited, a change is a new version.
struct Migration {
  int version;
  std::string_view description;
  std::string_view postgres_sql;
  std::string_view sqlite_sql;
};

}  // namespace sagashop::db
