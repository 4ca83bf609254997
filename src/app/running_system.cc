#include "app/running_system.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string_view>

#include "platform/db/postgres/pg_uri.h"

namespace sagashop::app {
namespace {

// The settings that say which system to look at, as flags and as environment variables: the
// databases for verify and dlt, the services' addresses for bench.
constexpr const char* kStorageFlags[] = {"--storage", "--pg-uri", "--db-uri", "--data-dir"};
constexpr const char* kAddressFlags[] = {"--host", "--order-port", "--inventory-port",
                                         "--http-base-port"};
// Not SAGASHOP_PG_URI: the stack's env file (.stack/env) exports it for every shell that sources
// it, which names no storage by itself.
constexpr const char* kStorageVariables[] = {"SAGASHOP_STORAGE", "SAGASHOP_DB_URI",
                                             "SAGASHOP_DATA_DIR"};

std::string_view CommandOf(int argc, char** argv) {
  return argc >= 2 ? std::string_view(argv[1]) : std::string_view();
}

bool Named(int argc, char** argv, std::span<const char* const> flags,
           std::span<const char* const> variables) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    for (const std::string_view flag : flags) {
      if (arg == flag ||
          (arg.starts_with(flag) && arg.size() > flag.size() && arg[flag.size()] == '=')) {
        return true;
      }
    }
  }
  return std::ranges::any_of(variables, [](const char* variable) {
    const char* value = std::getenv(variable);
    return value != nullptr && *value != '\0';
  });
}

// Sets the file's SAGASHOP_* variables that are not set already; false when it cannot be read.
bool AdoptStateFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return false;
  for (std::string line; std::getline(file, line);) {
    const std::size_t equals = line.find('=');
    if (line.starts_with('#') || equals == std::string::npos || !line.starts_with("SAGASHOP_")) {
      continue;
    }
    ::setenv(line.substr(0, equals).c_str(), line.substr(equals + 1).c_str(), /*overwrite=*/0);
  }
  return true;
}

bool HoldsServiceDatabases(const std::string& data_dir) {
  return std::filesystem::exists(std::filesystem::path(data_dir) / "order.db");
}

std::string StorageOf(const Settings& settings) {
  if (settings.storage.adapter == Storage::kSqlite) {
    return "the SQLite files in " + settings.storage.data_dir + "/";
  }
  const std::string& uri =
      settings.storage.db_uri.empty() ? settings.storage.pg_uri : settings.storage.db_uri;
  // The server only: the parameters may name key files, and a password has no place in a log.
  std::string server = db::PgServerUri(uri);
  if (const std::size_t query = server.find('?'); query != std::string::npos) server.resize(query);
  if (const std::size_t at = server.rfind('@'); at != std::string::npos) {
    server = "postgresql://" + server.substr(at + 1);
  }
  return "PostgreSQL at " + server;
}

std::string ServicesOf(const Settings& settings) {
  return "the services from " +
         std::string(settings.HttpUsesTls() || !settings.http.tls_ca.empty() ? "https" : "http") +
         "://" + settings.http.host + ":" + std::to_string(settings.http.base_port);
}

}  // namespace

std::string MakeUpStateFile() {
  const char* stack_dir = std::getenv("SAGASHOP_STACK_DIR");
  const std::string dir = stack_dir != nullptr && *stack_dir != '\0' ? stack_dir : ".stack";
  return dir + "/system.env";
}

SystemOrigin AdoptRunningSystem(int argc, char** argv) {
  const std::string_view command = CommandOf(argc, argv);
  if (command == "verify" || command == "dlt") {
    if (Named(argc, argv, kStorageFlags, kStorageVariables)) return SystemOrigin::kNamed;
  } else if (command == "bench") {
    if (Named(argc, argv, kAddressFlags, {})) return SystemOrigin::kNamed;
  } else {
    return SystemOrigin::kNamed;
  }
  if (AdoptStateFile(MakeUpStateFile())) return SystemOrigin::kMakeUp;
  if (HoldsServiceDatabases(StorageSettings{}.data_dir)) return SystemOrigin::kMakeRun;
  return SystemOrigin::kNotFound;
}

std::string DescribeSystem(const Settings& settings, SystemOrigin origin, std::string_view tool) {
  // bench reaches the services over HTTP; the others read their databases.
  const bool over_http = tool == "bench";
  // SQLite would make empty files and then fail on a missing table: a wrong folder is named.
  if (!over_http && origin != SystemOrigin::kNotFound &&
      settings.storage.adapter == Storage::kSqlite &&
      !HoldsServiceDatabases(settings.storage.data_dir)) {
    throw std::invalid_argument("no databases of the services in " + settings.storage.data_dir +
                                "/ (no order.db): name the data folder of an embedded system "
                                "with --data-dir=DIR, or a distributed one with "
                                "--storage=postgres --pg-uri=URI");
  }
  const std::string what = over_http ? ServicesOf(settings) : StorageOf(settings);
  const std::string another = over_http ? "--http-base-port=PORT (or --order-port, --host) names "
                                          "another"
                                        : "--data-dir=DIR or --storage=... names another";
  switch (origin) {
    case SystemOrigin::kNamed:
      return over_http ? "looking at the services named on the command line" : "looking at " + what;
    case SystemOrigin::kMakeUp:
      return "looking at the system `make up` started (" + MakeUpStateFile() + "): " + what + "; " +
             another;
    case SystemOrigin::kMakeRun:
      return "looking at the system `make run` keeps in ./" + settings.storage.data_dir +
             " (embedded mode)" + (over_http ? ": " + what : std::string()) + "; " + another;
    case SystemOrigin::kNotFound:
      break;
  }
  throw std::invalid_argument(
      "no system found here: `make up` leaves " + MakeUpStateFile() +
      " while its system runs, and `make run` keeps its databases in ./" +
      StorageSettings{}.data_dir +
      "; neither is in this folder. Run the command from the project's folder, or name the "
      "system: " +
      std::string(over_http ? "--http-base-port=PORT with --http-tls-ca=FILE and --token=JWT"
                            : "--data-dir=DIR for an embedded one, --storage=postgres "
                              "--pg-uri=URI for a distributed one"));
}

}  // namespace sagashop::app
