#include "platform/crypto/key_ring.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "platform/core/secret_file.h"
#include "platform/crypto/data_key_file.h"

namespace sagashop::crypto {
namespace {

constexpr std::string_view kFile =
    "# two keys\n"
    "key k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    "key k2 ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=  # the new one\n"
    "\n"
    "active k2\n";

TEST(KeyRingTest, ParsesKeysAndTheActiveOne) {
  const KeyRing ring = KeyRing::Parse(kFile, "keys");
  EXPECT_EQ(ring.Size(), 2u);
  EXPECT_EQ(ring.Active().id, "k2");
  ASSERT_NE(ring.Find("k1"), nullptr);
  EXPECT_EQ(ring.Find("k1")->secret[1], '\x01');
  EXPECT_EQ(ring.Find("k3"), nullptr);
}

TEST(KeyRingTest, FormatParsesToTheSameKeys) {
  const KeyRing ring = KeyRing::Parse(kFile, "keys");
  const KeyRing again = KeyRing::Parse(ring.Format(), "again");
  EXPECT_EQ(again.Active().id, "k2");
  EXPECT_EQ(again.Find("k1")->secret, ring.Find("k1")->secret);
}

void ExpectRefused(std::string_view text, std::string_view says) {
  try {
    KeyRing::Parse(text, "keys");
    FAIL() << "accepted: " << text;
  } catch (const KeyRingError& error) {
    EXPECT_NE(std::string(error.what()).find(says), std::string::npos) << error.what();
  }
}

TEST(KeyRingTest, RefusesWhatIsNotAUsableRing) {
  ExpectRefused("", "no data key");
  ExpectRefused("key k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "no 'active");
  ExpectRefused("key k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\nactive k9\n",
                "'k9' is not among");
  ExpectRefused("key k1 AAECAwQ=\nactive k1\n", "line 1: data key 'k1' must be 32 bytes");
  ExpectRefused("key k1 not*base64\nactive k1\n", "line 1");
  ExpectRefused("key k:1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\nactive k:1\n", "must be 1");
  ExpectRefused("secret k1\n", "unknown entry 'secret'");
}

TEST(KeyRingTest, ANewKeyBecomesActiveAndTheOldStay) {
  const KeyRing ring = KeyRing::Parse(kFile, "keys");
  const std::string id = NextKeyId(ring);
  EXPECT_EQ(id, "k3");
  const KeyRing next = ring.WithActive(GenerateDataKey(id));
  EXPECT_EQ(next.Active().id, "k3");
  EXPECT_EQ(next.Active().secret.size(), 32u);
  EXPECT_NE(next.Find("k1"), nullptr);
}

TEST(DataKeyFileTest, CreatedOnceThenAKeyIsAdded) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("sagashop-keys-" + std::to_string(::getpid()) + "-" +
                       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  const auto path = folder / "data-keys";
  EXPECT_TRUE(CreateKeyFileIfMissing(path));
  const std::string first = core::ReadWholeFile(path);
  EXPECT_FALSE(CreateKeyFileIfMissing(path));
  EXPECT_EQ(core::ReadWholeFile(path), first);
  EXPECT_EQ((std::filesystem::status(path).permissions() & std::filesystem::perms::all),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  const DataKey added = AddActiveKey(path);
  EXPECT_EQ(added.id, "k2");
  const KeyRing ring = KeyRing::Parse(core::ReadWholeFile(path), "file");
  EXPECT_EQ(ring.Active().id, "k2");
  EXPECT_EQ(ring.Find("k1")->secret, KeyRing::Parse(first, "first").Find("k1")->secret);
  EXPECT_EQ((std::filesystem::status(path).permissions() & std::filesystem::perms::all),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace sagashop::crypto
