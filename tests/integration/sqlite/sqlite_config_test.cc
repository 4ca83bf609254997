#include "platform/db/sqlite/sqlite_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/db/sqlite/sqlite_database.h"
#include "sqlite_test_dir.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

void ExpectRejected(const SqliteConfig& config, const std::string& setting) {
  try {
    config.Validate();
    FAIL() << "expected std::invalid_argument about " << setting;
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr(setting));
  }
}

TEST(SqliteConfigTest, NamesTheBadSetting) {
  SqliteConfig config;
  config.path = "data/order.db";
  EXPECT_NO_THROW(config.Validate());

  ExpectRejected(SqliteConfig{}, "path");
  SqliteConfig memory = config;
  memory.path = ":memory:";
  ExpectRejected(memory, "path");
  SqliteConfig connections = config;
  connections.max_connections = 0;
  ExpectRejected(connections, "max_connections");
  SqliteConfig busy = config;
  busy.busy_timeout = std::chrono::milliseconds(-1);
  ExpectRejected(busy, "busy_timeout");
  SqliteConfig acquire = config;
  acquire.acquire_timeout = std::chrono::milliseconds(0);
  ExpectRejected(acquire, "acquire_timeout");
}

TEST(SqliteConfigTest, TheDatabaseCreatesItsDirectory) {
  testing::SqliteTestDir dir;
  SqliteConfig config = dir.Config("nested/deeper/order.db");
  SqliteDatabase database(config);
  EXPECT_TRUE(std::filesystem::exists(dir.Path() / "nested/deeper/order.db"));
  EXPECT_EQ(database.GetDialect(), Dialect::kSqlite);
  EXPECT_NO_THROW(database.Ping());
}

}  // namespace
}  // namespace sagashop::db
