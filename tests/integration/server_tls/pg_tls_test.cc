// PostgreSQL takes TLS clients with a certificate from the stack's CA only (pg_hba.conf: hostssl
// ... cert), and the stack's URI checks the server in turn (sslmode=verify-full).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <string>

#include "integration/server_tls/foreign_identity.h"
#include "platform/db/postgres/pg_uri.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

using Conn = std::unique_ptr<PGconn, decltype(&PQfinish)>;

// host, port, user and dbname of the stack's URI, without its TLS parameters.
std::map<std::string, std::string> StackAddress() {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(RequiredEnv("SAGASHOP_TEST_PG_URI").c_str(), &error), &PQconninfoFree);
  PQfreemem(error);
  std::map<std::string, std::string> address;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    const std::string keyword = option->keyword;
    if (option->val != nullptr &&
        (keyword == "host" || keyword == "port" || keyword == "user" || keyword == "dbname")) {
      address[keyword] = option->val;
    }
  }
  return address;
}

// The stack's address with these TLS parameters, as key=value pairs.
Conn ConnectWith(const std::map<std::string, std::string>& tls) {
  std::string conninfo = "connect_timeout=10";
  for (const auto& [keyword, value] : StackAddress())
    conninfo += " " + keyword + "='" + value + "'";
  for (const auto& [keyword, value] : tls) conninfo += " " + keyword + "='" + value + "'";
  return Conn(PQconnectdb(conninfo.c_str()), &PQfinish);
}

std::string Refusal(const Conn& conn) {
  return PQstatus(conn.get()) == CONNECTION_OK ? "<connected>" : PQerrorMessage(conn.get());
}

TEST(PgTlsTest, TheStacksClientIsAcceptedOverVerifiedTls) {
  const std::string uri = RequiredEnv("SAGASHOP_TEST_PG_URI");
  ASSERT_TRUE(db::PgVerifiesServer(uri)) << "the stack's URI must check the server: " << uri;
  const Conn conn(PQconnectdb(uri.c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());
  EXPECT_EQ(PQsslInUse(conn.get()), 1);
  const std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexec(conn.get(), "SELECT ssl, client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"),
      &PQclear);
  ASSERT_EQ(PQresultStatus(result.get()), PGRES_TUPLES_OK) << PQerrorMessage(conn.get());
  EXPECT_STREQ(PQgetvalue(result.get(), 0, 0), "t");
  EXPECT_NE(std::string(PQgetvalue(result.get(), 0, 1)).find("CN=sagashop"), std::string::npos);
}

TEST(PgTlsTest, APlaintextClientIsRefused) {
  const Conn conn = ConnectWith({{"sslmode", "disable"}});
  EXPECT_NE(Refusal(conn).find("no pg_hba.conf entry"), std::string::npos) << Refusal(conn);
}

TEST(PgTlsTest, ATlsClientWithoutACertificateIsRefused) {
  const Conn conn =
      ConnectWith({{"sslmode", "verify-full"}, {"sslrootcert", StackIdentity().ca_file}});
  EXPECT_NE(Refusal(conn).find("certificate"), std::string::npos) << Refusal(conn);
}

TEST(PgTlsTest, AClientCertificateFromAnotherCaIsRefused) {
  const ForeignIdentity foreign;
  const Conn conn = ConnectWith({{"sslmode", "verify-full"},
                                 {"sslrootcert", StackIdentity().ca_file},
                                 {"sslcert", foreign.Files().cert_file},
                                 {"sslkey", foreign.Files().key_file}});
  EXPECT_NE(Refusal(conn), "<connected>");
  EXPECT_EQ(PQstatus(conn.get()), CONNECTION_BAD);
}

TEST(PgTlsTest, AServerCertificateFromAnotherCaIsNotTrusted) {
  const ForeignIdentity foreign;
  const Conn conn = ConnectWith({{"sslmode", "verify-full"},
                                 {"sslrootcert", foreign.Files().ca_file},
                                 {"sslcert", StackIdentity().cert_file},
                                 {"sslkey", StackIdentity().key_file}});
  EXPECT_NE(Refusal(conn).find("certificate verify failed"), std::string::npos) << Refusal(conn);
}

}  // namespace
}  // namespace sagashop::testing
