#include "platform/tls/local_ca.h"

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <stdexcept>

#include "platform/auth/openssl_handles.h"
#include "platform/core/secret_file.h"

namespace sagashop::tls {
namespace {

using auth::EvpPkey;
using X509Ptr = std::unique_ptr<X509, auth::OpenSslDeleter<X509, X509_free>>;
using X509ExtensionPtr =
    std::unique_ptr<X509_EXTENSION, auth::OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;

// Long enough that nobody meets an expired local certificate; a real deployment brings its own.
constexpr long kCaValiditySeconds = 10L * 365 * 24 * 3600;
constexpr long kServerValiditySeconds = 825L * 24 * 3600;  // what browsers accept at most

void Check(bool ok, const std::string& what) {
  if (!ok) {
    throw std::runtime_error("local certificate authority: " + what + ": " +
                             auth::TakeOpenSslError("failed"));
  }
}

EvpPkey NewP256Key() {
  EvpPkey key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "generating an EC P-256 key");
  return key;
}

void AddExtension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  const X509ExtensionPtr extension(
      X509V3_EXT_conf_nid(nullptr, &context, nid, const_cast<char*>(value)));
  Check(extension != nullptr, std::string("making extension ") + OBJ_nid2sn(nid));
  Check(X509_add_ext(certificate, extension.get(), -1) == 1, "adding an extension");
}

// A certificate for `key` named `common_name`, valid from now for `validity_seconds`, with a
// random serial number; the caller adds extensions and signs it.
X509Ptr NewCertificate(EVP_PKEY* key, const char* common_name, long validity_seconds) {
  X509Ptr certificate(X509_new());
  Check(certificate != nullptr, "allocating a certificate");
  Check(X509_set_version(certificate.get(), 2) == 1, "setting the version");  // X.509 v3
  std::array<unsigned char, 16> serial{};
  Check(RAND_bytes(serial.data(), static_cast<int>(serial.size())) == 1, "drawing a serial");
  serial[0] &= 0x7f;  // a positive number
  auth::Bignum number(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
  Check(number != nullptr &&
            BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(certificate.get())) != nullptr,
        "setting the serial");
  // A minute back, so a clock a little behind still accepts it.
  Check(X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(certificate.get()), validity_seconds) != nullptr,
        "setting the validity");
  Check(X509_set_pubkey(certificate.get(), key) == 1, "setting the public key");
  X509_NAME* name = X509_get_subject_name(certificate.get());
  Check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("sagashop (local)"), -1,
                                   -1, 0) == 1 &&
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                                       0) == 1,
        "setting the subject");
  return certificate;
}

std::string KeyPem(EVP_PKEY* key) {
  const auth::Bio bio = auth::WritableBio();
  Check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "writing a private key");
  return auth::BioContents(bio.get());
}

std::string CertificatePem(X509* certificate) {
  const auth::Bio bio = auth::WritableBio();
  Check(PEM_write_bio_X509(bio.get(), certificate) == 1, "writing a certificate");
  return auth::BioContents(bio.get());
}

void Create(const TlsFiles& files) {
  const EvpPkey ca_key = NewP256Key();
  const X509Ptr ca = NewCertificate(ca_key.get(), "sagashop local CA", kCaValiditySeconds);
  Check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) == 1, "setting issuer");
  AddExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  AddExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  Check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "signing the CA certificate");

  const EvpPkey server_key = NewP256Key();
  const X509Ptr server = NewCertificate(server_key.get(), "localhost", kServerValiditySeconds);
  Check(X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get())) == 1, "setting issuer");
  AddExtension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
  AddExtension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  AddExtension(server.get(), ca.get(), NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost");
  AddExtension(server.get(), ca.get(), NID_authority_key_identifier, "keyid");
  Check(X509_sign(server.get(), ca_key.get(), EVP_sha256()) > 0, "signing the server certificate");

  // Keys first, certificates last: a set whose certificates exist is complete. Certificates are
  // public, but written the same way so that none is ever seen half-written.
  core::CreateSecretFile(files.ca.parent_path() / "ca-key.pem", KeyPem(ca_key.get()));
  core::CreateSecretFile(files.private_key, KeyPem(server_key.get()));
  core::CreateSecretFile(files.ca, CertificatePem(ca.get()));
  core::CreateSecretFile(files.certificate, CertificatePem(server.get()));
}

}  // namespace

TlsFiles LocalCertificateFiles(const std::filesystem::path& dir) {
  return {.ca = dir / "ca.pem",
          .certificate = dir / "server.pem",
          .private_key = dir / "server-key.pem"};
}

TlsFiles EnsureLocalCertificates(const std::filesystem::path& dir) {
  TlsFiles files = LocalCertificateFiles(dir);
  const std::array all = {files.ca, files.certificate, files.private_key, dir / "ca-key.pem"};
  bool complete = true;
  for (const auto& path : all) complete = complete && std::filesystem::exists(path);
  if (complete) return files;
  // A set cut short (a crash while making it, a file deleted by hand) is made anew as a whole,
  // so the certificate always matches its key and its CA.
  for (const auto& path : all) std::filesystem::remove(path);
  Create(files);
  return files;
}

}  // namespace sagashop::tls
