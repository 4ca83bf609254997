#pragma once

#include <string>
#include <string_view>

#include "app/settings.h"

namespace sagashop::app {

// Which system the tools that read one (`verify`, `dlt`, `bench`) look at when they are not told
// (docs/operations.md, Which system the tools look at).
enum class SystemOrigin {
  kNamed,     // the command line or the environment names its storage
  kMakeUp,    // the state file `make up` wrote: <stack dir>/system.env
  kMakeRun,   // ./data with the services' SQLite files, as `make run` leaves it
  kNotFound,  // neither: the tool must say so rather than guess
};

// The state file `make up` writes and `make down` removes: SAGASHOP_* settings, one `NAME=value`
// a line, of the system it started. In $SAGASHOP_STACK_DIR, else ./.stack.
std::string MakeUpStateFile();

// Called before the command line is parsed. For the tools (the first word of argv is verify,
// dlt or bench) told no system — verify and dlt no storage (--storage, --pg-uri, --db-uri,
// --data-dir, or their environment variables), bench no address (--host, --order-port,
// --inventory-port, --http-base-port) — finds the system started here: when `make up`'s state
// file exists, its settings become environment variables (the ones already set win), so that the
// tool reads them as if given; else ./data when it holds the services' databases, which the
// defaults already name. Returns where the settings come from; kNamed for any other command.
SystemOrigin AdoptRunningSystem(int argc, char** argv);

// The first line of `tool`: which system it looks at and where that came from. Throws
// std::invalid_argument for kNotFound, saying how to point the tool at a system.
std::string DescribeSystem(const Settings& settings, SystemOrigin origin, std::string_view tool);

}  // namespace sagashop::app
