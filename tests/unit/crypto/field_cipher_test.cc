#include "platform/crypto/field_cipher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "platform/crypto/data_key_file.h"
#include "platform/crypto/sealed_value.h"

namespace sagashop::crypto {
namespace {

TEST(FieldCipherTest, AClearValueFromBeforeEncryptionReadsAsItIs) {
  const FieldCipher cipher(KeyRing({{"k1", GenerateDataKey("k1")}}, "k1"));
  EXPECT_EQ(cipher.Open("Seoul"), "Seoul");
  EXPECT_FALSE(cipher.IsUnderActiveKey("Seoul"));
  const std::string sealed = cipher.Seal("Seoul");
  EXPECT_TRUE(cipher.IsUnderActiveKey(sealed));
  EXPECT_EQ(cipher.Open(sealed), "Seoul");
}

TEST(FieldCipherTest, AKeyAddedToTheFileIsUsedWithoutARestart) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("sagashop-cipher-" + std::to_string(::getpid()) + "-" +
                       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  const auto path = folder / "data-keys";
  ASSERT_TRUE(CreateKeyFileIfMissing(path));
  const auto cipher = FieldCipher::FromFile(path);
  const auto other_process = FieldCipher::FromFile(path);
  const std::string before = cipher->Seal("Seoul");
  EXPECT_EQ(SealedKeyId(before), "k1");

  AddActiveKey(path);
  const std::string after = other_process->Seal("Busan");
  EXPECT_EQ(SealedKeyId(after), "k2");
  EXPECT_EQ(cipher->Open(after), "Busan");  // sealed by the other, under a key read since
  EXPECT_EQ(cipher->Open(before), "Seoul");
  EXPECT_FALSE(cipher->IsUnderActiveKey(before));
  std::filesystem::remove_all(folder);
}

TEST(FieldCipherTest, AMissingFileIsAClearError) {
  try {
    FieldCipher::FromFile("/nonexistent/sagashop/data-keys");
    FAIL() << "read a missing file";
  } catch (const KeyRingError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/sagashop/data-keys"), std::string::npos);
  }
}

}  // namespace
}  // namespace sagashop::crypto
