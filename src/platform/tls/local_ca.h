#pragma once

#include <filesystem>
#include <string>

namespace sagashop::tls {

// Where a TLS server's certificate chain and private key are, and the certificate authority its
// clients trust (PEM files).
struct TlsFiles {
  std::filesystem::path ca;           // the CA certificate clients verify the server against
  std::filesystem::path certificate;  // the server's certificate chain
  std::filesystem::path private_key;  // the server's private key
};

// A local certificate authority for one machine (docs/security.md, "HTTPS"): so that embedded
// mode serves HTTPS with no setup, its first start creates in `dir` a CA (ca.pem, ca-key.pem) and
// a server certificate it signed (server.pem, server-key.pem) for 127.0.0.1, ::1 and localhost,
// ECDSA P-256 keys, made with OpenSSL's library (no `openssl` program needed). Later starts find
// and keep them; if a file is missing the whole set is made anew. Key files are owner-only
// (core::CreateSecretFile). Throws std::runtime_error naming what failed.
TlsFiles EnsureLocalCertificates(const std::filesystem::path& dir);

// Only the names in `dir` (nothing is created).
TlsFiles LocalCertificateFiles(const std::filesystem::path& dir);

}  // namespace sagashop::tls
