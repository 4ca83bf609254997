#include "platform/bus/tap/json_lines_tap_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sagashop::bus {
namespace {

class JsonLinesTapFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("event-tap-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<boost::json::object> Lines(const std::string& path) {
    std::vector<boost::json::object> lines;
    std::ifstream file(path);
    for (std::string line; std::getline(file, line);) {
      lines.push_back(boost::json::parse(line).as_object());
    }
    return lines;
  }

  std::filesystem::path dir_;
};

TEST_F(JsonLinesTapFileTest, EachMessageIsOneLineWithItsServiceTopicKeyHeadersAndValueText) {
  const std::string path = (dir_ / "tap.jsonl").string();
  JsonLinesTapFile tap(path);
  // A value that is not JSON is kept as the text it was: the tap records, it does not judge.
  const std::vector<OutgoingMessage> messages = {
      {.topic = "order.created.v1",
       .key = "42",
       .value = R"({"eventType":"order.created.v1","orderId":42})",
       .headers = {{"ce_id", "e-1"}, {"ce_type", "order.created.v1"}}},
      {.topic = "order.created.v1", .key = "43", .value = R"({"eventId": oops)", .headers = {}}};
  tap.Record("order", messages);

  const std::vector<boost::json::object> lines = Lines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("service"), "order");
  EXPECT_EQ(lines[0].at("topic"), "order.created.v1");
  EXPECT_EQ(lines[0].at("key"), "42");
  EXPECT_EQ(lines[0].at("headers").as_object().at("ce_id"), "e-1");
  EXPECT_EQ(lines[0].at("headers").as_object().at("ce_type"), "order.created.v1");
  EXPECT_EQ(lines[0].at("value"), R"({"eventType":"order.created.v1","orderId":42})");
  EXPECT_EQ(lines[1].at("key"), "43");
  EXPECT_TRUE(lines[1].at("headers").as_object().empty());
  EXPECT_EQ(lines[1].at("value"), R"({"eventId": oops)");
}

TEST_F(JsonLinesTapFileTest, ServicesRecordingAtOnceLeaveEveryLineWhole) {
  const std::string path = (dir_ / "tap.jsonl").string();
  JsonLinesTapFile tap(path);
  const std::vector<std::string> services = {"order", "payment", "inventory", "delivery"};
  constexpr int kBatches = 200;
  std::vector<std::thread> threads;
  threads.reserve(services.size());
  for (const std::string& service : services) {
    threads.emplace_back([&tap, service] {
      for (int i = 0; i < kBatches; ++i) {
        const std::vector<OutgoingMessage> batch = {
            {.topic = "t", .key = std::to_string(i), .value = std::string(300, 'x'), .headers = {}},
            {.topic = "t", .key = std::to_string(i), .value = "y", .headers = {}}};
        tap.Record(service, batch);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const std::vector<boost::json::object> lines = Lines(path);  // each parses, or this throws
  EXPECT_EQ(lines.size(), services.size() * kBatches * 2);
  std::set<std::string> seen;
  for (const boost::json::object& line : lines) {
    seen.insert(std::string(line.at("service").as_string()) + "/" +
                std::string(line.at("key").as_string()));
  }
  EXPECT_EQ(seen.size(), services.size() * kBatches);
}

TEST_F(JsonLinesTapFileTest, ASecondTapOnTheSameFileAppends) {
  const std::string path = (dir_ / "tap.jsonl").string();
  const std::vector<OutgoingMessage> one = {
      {.topic = "t", .key = "1", .value = "v", .headers = {}}};
  JsonLinesTapFile(path).Record("order", one);
  JsonLinesTapFile(path).Record("order", one);
  EXPECT_EQ(Lines(path).size(), 2u);
}

TEST_F(JsonLinesTapFileTest, AFileThatCannotBeOpenedIsRefusedAtOnceByName) {
  const std::string path = (dir_ / "no-such-folder" / "tap.jsonl").string();
  try {
    JsonLinesTapFile tap(path);
    FAIL() << "opened " << path;
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sagashop::bus
