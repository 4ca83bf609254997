#include "platform/db/postgres/pg_config.h"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

namespace sagashop::db {
namespace {

void Require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument("postgres config: " + message);
}

// Parses the connection string the way libpq will, so that a typo stops start-up with a message
// instead of surfacing later as an unreachable database.
void ValidateConninfo(const std::string& conninfo) {
  Require(!conninfo.empty(), "conninfo is empty");
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &raw_error), &PQconninfoFree);
  std::unique_ptr<char, decltype(&PQfreemem)> error(raw_error, &PQfreemem);
  if (!options) {
    Require(false, "conninfo is not a valid connection string: " +
                       std::string(error ? error.get() : "out of memory"));
  }
}

}  // namespace

void PgConfig::Validate() const {
  ValidateConninfo(conninfo);
  Require(max_open >= 1, "max_open must be at least 1, got " + std::to_string(max_open));
  Require(max_idle >= 0 && max_idle <= max_open, "max_idle must be between 0 and max_open (" +
                                                     std::to_string(max_open) + "), got " +
                                                     std::to_string(max_idle));
  Require(max_lifetime.count() > 0, "max_lifetime must be positive");
  Require(max_idle_time.count() > 0, "max_idle_time must be positive");
  Require(acquire_timeout.count() > 0, "acquire_timeout must be positive");
  Require(connect_timeout.count() > 0, "connect_timeout must be positive");
  Require(!statement_timeout || statement_timeout->count() > 0,
          "statement_timeout must be positive when set");
}

}  // namespace sagashop::db
