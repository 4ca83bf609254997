#include "platform/core/secret_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace sagashop::core {
namespace {

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("sagashop-secret-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  static unsigned ModeOf(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 0777U;
  }

  std::filesystem::path folder_;
};

TEST_F(SecretFileTest, CreatesTheFileAndItsFolderForTheOwnerOnly) {
  const auto path = folder_ / "keys" / "signing-key.pem";
  ASSERT_TRUE(CreateSecretFile(path, "secret bytes\n"));
  EXPECT_EQ(ReadWholeFile(path), "secret bytes\n");
  EXPECT_EQ(ModeOf(path), 0600U);
  EXPECT_EQ(ModeOf(path.parent_path()), 0700U);
}

TEST_F(SecretFileTest, KeepsTheFirstContentWhenTheFileExists) {
  const auto path = folder_ / "key";
  ASSERT_TRUE(CreateSecretFile(path, "first"));
  EXPECT_FALSE(CreateSecretFile(path, "second"));
  EXPECT_EQ(ReadWholeFile(path), "first");
  // No draft is left beside it.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder_)) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(SecretFileTest, ReadingAMissingFileNamesIt) {
  try {
    ReadWholeFile(folder_ / "missing.pem");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("missing.pem"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace sagashop::core
