#pragma once

#include <cstdint>
#include <memory>

#include "outside_world/api_context.h"
#include "outside_world/face.h"
#include "outside_world/ledger.h"
#include "outside_world/outside_world_config.h"
#include "platform/core/later.h"
#include "platform/db/database.h"
#include "platform/http/server.h"

namespace sagashop::outside_world {

// The simulated payment provider and carrier behind one HTTP server, with their durable ledger.
class OutsideWorld {
 public:
  // Validates `config` (std::invalid_argument), opens the ledger file and applies its schema.
  explicit OutsideWorld(const OutsideWorldConfig& config);
  ~OutsideWorld();  // Stop()s

  OutsideWorld(const OutsideWorld&) = delete;
  OutsideWorld& operator=(const OutsideWorld&) = delete;

  // Binds and serves; throws std::runtime_error when it cannot listen.
  void Start();
  // The bound port (the ephemeral one when configured with 0).
  std::uint16_t Port() const { return server_->Port(); }
  // Cuts simulated waits short (their calls answered at once), then stops the server
  // gracefully. Idempotent.
  void Stop();

 private:
  OutsideWorldConfig config_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<Ledger> ledger_;
  Face payment_;
  Face carrier_;
  Later later_;
  ApiContext context_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace sagashop::outside_world
