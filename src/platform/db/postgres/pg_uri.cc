#include "platform/db/postgres/pg_uri.h"

#include <libpq-fe.h>

#include <memory>

namespace sagashop::db {
namespace {

struct UriParts {
  std::string_view server;  // scheme, user, host and port
  std::string_view query;   // "?..." or empty
};

UriParts Split(std::string_view uri) {
  const auto scheme_end = uri.find("://");
  const auto authority = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto query = uri.find('?', authority);
  std::string_view before_query = uri.substr(0, query);
  const auto slash = before_query.find('/', authority);
  return {before_query.substr(0, slash),
          query == std::string_view::npos ? std::string_view() : uri.substr(query)};
}

}  // namespace

std::string PgUriWithDatabase(std::string_view uri, std::string_view database) {
  const UriParts parts = Split(uri);
  std::string out(parts.server);
  out += '/';
  out += database;
  out += parts.query;
  return out;
}

std::string PgServerUri(std::string_view uri) {
  const UriParts parts = Split(uri);
  return std::string(parts.server) + std::string(parts.query);
}

bool PgVerifiesServer(const std::string& conninfo) {
  char* raw_error = nullptr;
  const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &raw_error), &PQconninfoFree);
  PQfreemem(raw_error);
  if (!options) return false;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) != "sslmode" || option->val == nullptr) continue;
    const std::string_view mode = option->val;
    return mode == "verify-full" || mode == "verify-ca";
  }
  return false;
}

}  // namespace sagashop::db
