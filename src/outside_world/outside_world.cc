#include "outside_world/outside_world.h"

#include <spdlog/spdlog.h>

#include <random>

#include "outside_world/routes.h"
#include "platform/db/sqlite/sqlite_database.h"

namespace sagashop::outside_world {
namespace {

const OutsideWorldConfig& Validated(const OutsideWorldConfig& config) {
  config.Validate();
  return config;
}

std::uint64_t SeedOf(const OutsideWorldConfig& config) {
  if (config.seed != 0) return config.seed;
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) | device();
}

std::unique_ptr<db::Database> OpenLedgerFile(const std::string& path) {
  db::SqliteConfig sqlite;
  sqlite.path = path;
  sqlite.durable = true;  // an answer given must survive a power cut, as a provider's would
  // Hundreds of calls may queue for the file's single writer turn at once; each waits its turn
  // rather than failing after the default few seconds.
  sqlite.acquire_timeout = std::chrono::seconds(30);
  return std::make_unique<db::SqliteDatabase>(sqlite);
}

http::Router RoutesFor(ApiContext& context) {
  http::Router router;
  AddPaymentRoutes(router, context);
  AddCarrierRoutes(router, context);
  AddLedgerRoutes(router, context);
  AddAdminRoutes(router, context);
  return router;
}

}  // namespace

OutsideWorld::OutsideWorld(const OutsideWorldConfig& config)
    : config_(Validated(config)),
      database_(OpenLedgerFile(config_.ledger_file)),
      ledger_(std::make_unique<Ledger>(*database_)),
      payment_("payment", config_.payment, SeedOf(config_)),
      carrier_("carrier", config_.carrier, SeedOf(config_) + 1),
      later_(config_.workers),
      context_{.ledger = *ledger_,
               .payment = payment_,
               .carrier = carrier_,
               .later = later_,
               .payment_limit = config_.payment_limit} {
  http::ServerConfig server;
  server.address = config_.listen_host;
  server.port = config_.listen_port;
  server.worker_threads = config_.workers;
  server.tls_certificate_chain = config_.tls_cert;
  server.tls_private_key = config_.tls_key;
  server_ = std::make_unique<http::Server>(server, RoutesFor(context_));
}

OutsideWorld::~OutsideWorld() {
  Stop();
}

void OutsideWorld::Start() {
  server_->Start();
  spdlog::info("outside world listening on {}://{}:{} (ledger {})",
               config_.tls_cert.empty() ? "http" : "https", config_.listen_host, server_->Port(),
               config_.ledger_file);
}

void OutsideWorld::Stop() {
  // First: deferred answers must all be given while the server can still write them.
  later_.Stop();
  server_->Stop();
}

}  // namespace sagashop::outside_world
