#pragma once

#include <string>
#include <string_view>

namespace sagashop::db {

// `uri` (postgresql://[user@]host[:port][/database][?parameters]) naming `database` instead of
// the one it names, if any. The parameters (sslmode, sslrootcert, sslcert, sslkey, ...) are kept:
// they say how to reach the server, whichever database it is.
std::string PgUriWithDatabase(std::string_view uri, std::string_view database);

// The same URI without a database: what `--pg-uri` takes.
std::string PgServerUri(std::string_view uri);

// True when libpq, given `conninfo` (a URI or key=value pairs), checks the server's certificate
// (sslmode verify-ca or verify-full); false for anything weaker or a conninfo it cannot parse.
bool PgVerifiesServer(const std::string& conninfo);

}  // namespace sagashop::db
