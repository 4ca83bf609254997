#include "platform/db/postgres/pg_config.h"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

#include "platform/core/require_config.h"

namespace sagashop::db {
namespace {

// Parses the connection string the way libpq will, so that a typo stops start-up with a message
// instead of surfacing later as an unreachable database.
void ValidateConninfo(const std::string& conninfo) {
  RequireConfig("postgres", !conninfo.empty(), "conninfo is empty");
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &raw_error), &PQconninfoFree);
  std::unique_ptr<char, decltype(&PQfreemem)> error(raw_error, &PQfreemem);
  if (!options) {
    RequireConfig("postgres", false,
                  "conninfo is not a valid connection string: " +
                      std::string(error ? error.get() : "out of memory"));
  }
}

}  // namespace

void PgConfig::Validate() const {
  ValidateConninfo(conninfo);
  RequireConfig("postgres", max_open >= 1,
                "max_open must be at least 1, got " + std::to_string(max_open));
  RequireConfig("postgres", max_idle >= 0 && max_idle <= max_open,
                "max_idle must be between 0 and max_open (" + std::to_string(max_open) + "), got " +
                    std::to_string(max_idle));
  RequireConfig("postgres", max_lifetime.count() > 0, "max_lifetime must be positive");
  RequireConfig("postgres", max_idle_time.count() > 0, "max_idle_time must be positive");
  RequireConfig("postgres", acquire_timeout.count() > 0, "acquire_timeout must be positive");
  RequireConfig("postgres", connect_timeout.count() > 0, "connect_timeout must be positive");
  RequireConfig("postgres", !statement_timeout || statement_timeout->count() > 0,
                "statement_timeout must be positive when set");
}

}  // namespace sagashop::db
