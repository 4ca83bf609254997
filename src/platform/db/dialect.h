#pragma once

namespace sagashop::db {

// The SQL a database speaks, for the few statements that cannot be written once for both.
enum class Dialect { kPostgres, kSqlite };

}  // namespace sagashop::db
