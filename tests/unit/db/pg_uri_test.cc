#include "platform/db/postgres/pg_uri.h"

#include <gtest/gtest.h>

namespace sagashop::db {
namespace {

constexpr const char* kTls =
    "?sslmode=verify-full&sslrootcert=/tls/ca.crt&sslcert=/tls/c.crt&sslkey=/tls/c.key";

TEST(PgUriTest, TheDatabaseGoesBeforeTheParameters) {
  const std::string server = std::string("postgresql://u@127.0.0.1:5432") + kTls;
  EXPECT_EQ(PgUriWithDatabase(server, "order_db"),
            std::string("postgresql://u@127.0.0.1:5432/order_db") + kTls);
  EXPECT_EQ(PgUriWithDatabase(std::string("postgresql://u@h:1/postgres") + kTls, "x"),
            std::string("postgresql://u@h:1/x") + kTls)
      << "a database already named is replaced";
  EXPECT_EQ(PgUriWithDatabase("postgresql://u@h:1/", "x"), "postgresql://u@h:1/x");
  EXPECT_EQ(PgUriWithDatabase("postgres://h", "x"), "postgres://h/x");
}

TEST(PgUriTest, TheServerUriKeepsTheParametersAndDropsTheDatabase) {
  EXPECT_EQ(PgServerUri(std::string("postgresql://u@h:1/postgres") + kTls),
            std::string("postgresql://u@h:1") + kTls);
  EXPECT_EQ(PgServerUri("postgresql://u@h:1/postgres"), "postgresql://u@h:1");
}

TEST(PgUriTest, OnlyVerifyingModesCountAsCheckingTheServer) {
  EXPECT_TRUE(PgVerifiesServer("postgresql://h/db?sslmode=verify-full"));
  EXPECT_TRUE(PgVerifiesServer("host=h dbname=db sslmode=verify-ca"));
  EXPECT_FALSE(PgVerifiesServer("postgresql://h/db?sslmode=require"));
  EXPECT_FALSE(PgVerifiesServer("postgresql://h/db"));
  EXPECT_FALSE(PgVerifiesServer("postgresql://h/db?sslmode=bogus&"));
  EXPECT_FALSE(PgVerifiesServer("host='unterminated"));
}

}  // namespace
}  // namespace sagashop::db
