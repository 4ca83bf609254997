#pragma once

#include <memory>
#include <vector>

#include "app/service_host.h"
#include "app/settings.h"
#include "console/console_server.h"
#include "platform/bus/event_bus.h"
#include "platform/bus/tap/message_tap.h"
#include "platform/cache/idempotency_cache.h"
#include "platform/crypto/field_cipher.h"
#include "platform/db/counted_database.h"
#include "platform/metrics/metrics_registry.h"
#include "services/common/service_module.h"
#include "services/delivery/domain/carrier.h"
#include "services/payment/domain/payment_gateway.h"

namespace sagashop::app {

// Everything one sagashop process runs, built from its settings: the adapters chosen for storage,
// bus and cache, the outside-world simulators, and one host per service of the target.
class System {
 public:
  explicit System(const Settings& settings);
  ~System();

  void Start();
  void Stop();  // in reverse order of start; idempotent

  const std::vector<std::unique_ptr<ServiceHost>>& Hosts() const { return hosts_; }

 private:
  std::unique_ptr<services::ServiceModule> MakeModule(const std::string& service,
                                                      db::Database& database,
                                                      metrics::MetricsRegistry& metrics);
  std::unique_ptr<bus::EventBus> MakeBus() const;

  Settings settings_;
  // Seals and opens personal data; made only when this process runs Order or Delivery, the
  // services that store it. Outlives the modules that use it.
  std::unique_ptr<crypto::FieldCipher> cipher_;
  // The outside world, made only when this process runs the service that calls it: an HTTP API
  // when its URL is set, else the in-process simulator. Outlives the modules that use it.
  std::unique_ptr<payment::PaymentGateway> gateway_;
  std::unique_ptr<delivery::Carrier> carrier_;
  // One of each per service, in the order of settings_.Services(). Each service has its own
  // metrics (every series labelled with it) and its own cache, whose errors are its own.
  std::vector<std::unique_ptr<metrics::MetricsRegistry>> metrics_;
  std::vector<std::unique_ptr<db::CountedDatabase>> databases_;
  std::vector<std::unique_ptr<services::ServiceModule>> modules_;
  std::vector<std::unique_ptr<cache::IdempotencyCache>> caches_;
  std::unique_ptr<bus::EventBus> bus_;
  // --event-tap's file, shared by every host; null without it. Outlives the hosts.
  std::unique_ptr<bus::MessageTap> event_tap_;
  std::vector<std::unique_ptr<ServiceHost>> hosts_;
  // The saga console, in a process that runs all four services (docs/console.md).
  std::unique_ptr<console::ConsoleServer> console_;
  bool stopped_ = false;
};

}  // namespace sagashop::app
