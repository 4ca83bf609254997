#include "app/http_tls.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "platform/tls/tls_context.h"

namespace sagashop::app {

std::optional<tls::TlsFiles> ServerTlsFiles(const Settings& settings) {
  if (settings.http.plaintext) {
    spdlog::warn(
        "HTTPS is off (--http-plaintext): requests, bearer tokens and answers cross the network "
        "readable by anyone on the path");
    return std::nullopt;
  }
  if (!settings.http.tls_cert.empty()) {
    return tls::TlsFiles{.ca = settings.http.tls_ca,
                         .certificate = settings.http.tls_cert,
                         .private_key = settings.http.tls_key};
  }
  if (settings.Embedded()) {
    const tls::TlsFiles files = tls::EnsureLocalCertificates(settings.LocalTlsDir());
    spdlog::info("HTTPS with the local certificate {}; clients trust {}",
                 files.certificate.string(), files.ca.string());
    return files;
  }
  spdlog::warn(
      "serving plain HTTP: no --http-tls-cert and --http-tls-key given (docs/security.md, "
      "\"HTTPS\")");
  return std::nullopt;
}

std::shared_ptr<boost::asio::ssl::context> ServiceClientTls(const Settings& settings) {
  if (settings.http.plaintext) return nullptr;
  if (!settings.http.tls_ca.empty()) return tls::MakeClientContext(settings.http.tls_ca);
  if (!settings.Embedded()) return nullptr;
  const std::filesystem::path ca = tls::LocalCertificateFiles(settings.LocalTlsDir()).ca;
  if (!std::filesystem::exists(ca)) {
    // Never a silent fall-back to plain HTTP: the person running the command says which it is.
    throw std::runtime_error("no " + ca.string() +
                             ": an embedded system makes its local CA there on first start; "
                             "give --http-tls-ca (or --data-dir) of the system to call, or "
                             "--http-plaintext if it serves plain HTTP");
  }
  return tls::MakeClientContext(ca.string());
}

const char* HttpScheme(const Settings& settings) {
  return settings.HttpUsesTls() ? "https" : "http";
}

}  // namespace sagashop::app
