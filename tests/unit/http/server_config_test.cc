#include "platform/http/server_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "platform/http/router.h"
#include "platform/http/server.h"

namespace sagashop::http {
namespace {

using ::testing::HasSubstr;

std::string ValidationError(const std::function<void(ServerConfig&)>& change) {
  ServerConfig config;
  change(config);
  try {
    config.Validate();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(ServerConfigTest, DefaultsAreValid) {
  EXPECT_NO_THROW(ServerConfig{}.Validate());
}

TEST(ServerConfigTest, NamesTheBadSetting) {
  EXPECT_THAT(ValidationError([](auto& c) { c.address = "localhost:80"; }), HasSubstr("address"));
  EXPECT_THAT(ValidationError([](auto& c) { c.io_threads = 0; }), HasSubstr("io_threads"));
  EXPECT_THAT(ValidationError([](auto& c) { c.worker_threads = 0; }), HasSubstr("worker_threads"));
  EXPECT_THAT(ValidationError([](auto& c) { c.max_body_bytes = 0; }), HasSubstr("max_body_bytes"));
  EXPECT_THAT(ValidationError([](auto& c) { c.max_header_bytes = 10; }),
              HasSubstr("max_header_bytes"));
  EXPECT_THAT(ValidationError([](auto& c) { c.read_timeout = std::chrono::seconds(0); }),
              HasSubstr("read_timeout"));
  EXPECT_THAT(ValidationError([](auto& c) { c.header_timeout = std::chrono::seconds(0); }),
              HasSubstr("header_timeout"));
  EXPECT_THAT(ValidationError([](auto& c) { c.shutdown_timeout = std::chrono::seconds(-1); }),
              HasSubstr("shutdown_timeout"));
  EXPECT_THAT(ValidationError([](auto& c) { c.max_connections = 0; }),
              HasSubstr("max_connections"));
  EXPECT_THAT(ValidationError([](auto& c) {
                c.max_connections = 10;
                c.max_connections_per_client = 11;
              }),
              HasSubstr("max_connections_per_client"));
}

TEST(ServerConfigTest, ServerRefusesAnInvalidConfig) {
  ServerConfig config;
  config.worker_threads = 0;
  EXPECT_THROW(Server(config, Router{}), std::invalid_argument);
}

TEST(ServerConfigTest, StartNamesTheAddressWhenThePortIsTaken) {
  Server first(ServerConfig{}, Router{});
  first.Start();
  ServerConfig config;
  config.port = first.Port();
  Server second(config, Router{});
  try {
    second.Start();
    FAIL() << "a second server bound the same port";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(error.what(), HasSubstr("127.0.0.1:" + std::to_string(first.Port())));
  }
}

}  // namespace
}  // namespace sagashop::http
