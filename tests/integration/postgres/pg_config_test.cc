#include "platform/db/postgres/pg_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "platform/db/postgres/pg_database.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

PgConfig Valid() {
  PgConfig config;
  config.conninfo = "postgresql://app@127.0.0.1:5432/order_db";
  return config;
}

std::string ErrorOf(const PgConfig& config) {
  try {
    config.Validate();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(PgConfigTest, DefaultsAreTheDocumentedPoolSettings) {
  const PgConfig config = Valid();
  EXPECT_EQ(config.max_open, 25);
  EXPECT_EQ(config.max_idle, 10);
  EXPECT_EQ(config.max_lifetime, std::chrono::minutes(5));
  EXPECT_EQ(config.max_idle_time, std::chrono::minutes(2));
  EXPECT_EQ(config.acquire_timeout, std::chrono::seconds(5));
  EXPECT_NO_THROW(config.Validate());
}

TEST(PgConfigTest, KeyValueConnectionStringsAreAccepted) {
  PgConfig config = Valid();
  config.conninfo = "host=127.0.0.1 port=5432 dbname=order_db user=app";
  EXPECT_NO_THROW(config.Validate());
}

TEST(PgConfigTest, NamesTheBadSetting) {
  PgConfig config = Valid();
  config.conninfo = "";
  EXPECT_THAT(ErrorOf(config), HasSubstr("conninfo"));

  config = Valid();
  config.conninfo = "host=127.0.0.1 no_such_option=1";
  EXPECT_THAT(ErrorOf(config), HasSubstr("conninfo"));

  config = Valid();
  config.max_open = 0;
  EXPECT_THAT(ErrorOf(config), HasSubstr("max_open"));

  config = Valid();
  config.max_idle = 26;
  EXPECT_THAT(ErrorOf(config), HasSubstr("max_idle"));

  config = Valid();
  config.max_idle = -1;
  EXPECT_THAT(ErrorOf(config), HasSubstr("max_idle"));

  config = Valid();
  config.max_lifetime = std::chrono::milliseconds(0);
  EXPECT_THAT(ErrorOf(config), HasSubstr("max_lifetime"));

  config = Valid();
  config.max_idle_time = std::chrono::milliseconds(-1);
  EXPECT_THAT(ErrorOf(config), HasSubstr("max_idle_time"));

  config = Valid();
  config.acquire_timeout = std::chrono::milliseconds(0);
  EXPECT_THAT(ErrorOf(config), HasSubstr("acquire_timeout"));

  config = Valid();
  config.connect_timeout = std::chrono::seconds(0);
  EXPECT_THAT(ErrorOf(config), HasSubstr("connect_timeout"));

  config = Valid();
  config.statement_timeout = std::chrono::milliseconds(0);
  EXPECT_THAT(ErrorOf(config), HasSubstr("statement_timeout"));
}

TEST(PgConfigTest, DatabaseRefusesToStartWithBadConfig) {
  PgConfig config = Valid();
  config.max_open = -3;
  EXPECT_THROW(PgDatabase database(config), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::db
