#include "platform/tls/local_ca.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "platform/core/secret_file.h"

namespace sagashop::tls {
namespace {

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct StoreFree {
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
};
using Certificate = std::unique_ptr<X509, X509Free>;

Certificate ReadCertificate(const std::filesystem::path& path) {
  const std::string pem = core::ReadWholeFile(path);
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  Certificate certificate(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return certificate;
}

std::unique_ptr<EVP_PKEY, PkeyFree> ReadKey(const std::filesystem::path& path) {
  const std::string pem = core::ReadWholeFile(path);
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  std::unique_ptr<EVP_PKEY, PkeyFree> key(PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return key;
}

// Whether `certificate` chains to `ca` for a TLS server (OpenSSL's own verification).
bool VerifiesAgainst(X509* certificate, X509* ca) {
  const std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  const std::unique_ptr<X509_STORE_CTX, StoreCtxFree> context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), store.get(), certificate, nullptr);
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
  return X509_verify_cert(context.get()) == 1;
}

class LocalCaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sagashop-local-ca-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
           "tls";
    std::filesystem::remove_all(dir_.parent_path());
  }
  void TearDown() override { std::filesystem::remove_all(dir_.parent_path()); }

  std::filesystem::path dir_;
};

TEST_F(LocalCaTest, ServerCertificateVerifiesAgainstTheCaAndNamesTheLocalHost) {
  const TlsFiles files = EnsureLocalCertificates(dir_);
  EXPECT_EQ(files.ca, dir_ / "ca.pem");
  const Certificate ca = ReadCertificate(files.ca);
  const Certificate server = ReadCertificate(files.certificate);
  ASSERT_NE(ca, nullptr);
  ASSERT_NE(server, nullptr);

  EXPECT_TRUE(VerifiesAgainst(server.get(), ca.get()));
  EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "::1", 0), 1);
  EXPECT_EQ(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(server.get(), "10.0.0.1", 0), 1);
  EXPECT_NE(X509_check_host(server.get(), "example.com", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_check_ca(server.get()), 0) << "the server's certificate must not sign others";
}

TEST_F(LocalCaTest, ServerKeyMatchesItsCertificate) {
  const TlsFiles files = EnsureLocalCertificates(dir_);
  const Certificate server = ReadCertificate(files.certificate);
  const auto key = ReadKey(files.private_key);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(X509_check_private_key(server.get(), key.get()), 1);
  const auto ca_key = ReadKey(dir_ / "ca-key.pem");
  ASSERT_NE(ca_key, nullptr);
  EXPECT_NE(X509_check_private_key(server.get(), ca_key.get()), 1);
}

TEST_F(LocalCaTest, KeysAreForTheOwnerOnly) {
  const TlsFiles files = EnsureLocalCertificates(dir_);
  for (const auto& path : {files.private_key, dir_ / "ca-key.pem"}) {
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0777U, 0600U) << path;
  }
}

TEST_F(LocalCaTest, LaterStartsKeepTheSameCertificates) {
  const TlsFiles files = EnsureLocalCertificates(dir_);
  const std::string ca = core::ReadWholeFile(files.ca);
  const std::string key = core::ReadWholeFile(files.private_key);
  EnsureLocalCertificates(dir_);
  EXPECT_EQ(core::ReadWholeFile(files.ca), ca);
  EXPECT_EQ(core::ReadWholeFile(files.private_key), key);
}

TEST_F(LocalCaTest, ASetMissingAFileIsMadeAnewAsAWhole) {
  const TlsFiles files = EnsureLocalCertificates(dir_);
  const std::string old_ca = core::ReadWholeFile(files.ca);
  std::filesystem::remove(files.certificate);

  EnsureLocalCertificates(dir_);
  EXPECT_NE(core::ReadWholeFile(files.ca), old_ca);
  const Certificate ca = ReadCertificate(files.ca);
  const Certificate server = ReadCertificate(files.certificate);
  EXPECT_TRUE(VerifiesAgainst(server.get(), ca.get()));
  EXPECT_EQ(X509_check_private_key(server.get(), ReadKey(files.private_key).get()), 1);
}

TEST_F(LocalCaTest, TwoFoldersMakeTwoAuthorities) {
  const TlsFiles first = EnsureLocalCertificates(dir_ / "a");
  const TlsFiles second = EnsureLocalCertificates(dir_ / "b");
  const Certificate server = ReadCertificate(first.certificate);
  EXPECT_FALSE(VerifiesAgainst(server.get(), ReadCertificate(second.ca).get()));
}

}  // namespace
}  // namespace sagashop::tls
