#include "app/settings.h"

#include <stdexcept>

#include "app/settings/require.h"
#include "platform/bus/crashing/crash_plan.h"
#include "platform/db/postgres/pg_uri.h"

namespace sagashop::app {

void Settings::Validate() const {
  storage.Validate();
  bus.Validate();
  cache.Validate();
  server_tls.Validate();
  http.Validate();
  auth.Validate();
  consumer.Validate();
  outbox.Validate();
  outside_world.Validate();
  saga.Validate();

  Require(bus.adapter != Bus::kInproc || target == Target::kAll,
          "--bus=inproc connects services inside one process: use it with --target=all");
  if (storage.adapter == Storage::kPostgres) {
    Require(storage.db_uri.empty() || target != Target::kAll,
            "--db-uri names one database: use it with a single --target, or use --pg-uri");
    Require(!storage.db_uri.empty() || target != Target::kAll ||
                storage.pg_database.find("{service}") != std::string::npos,
            "--pg-database must contain {service} when one process runs several services");
  }
  // One identity serves both; the first switch that needs it is named.
  if (bus.adapter == Bus::kKafka && bus.kafka_tls) {
    server_tls.RequireAll("--kafka-tls");
  } else if (cache.adapter == Cache::kRedis && cache.redis_tls) {
    server_tls.RequireAll("--redis-tls");
  }
  Require(!http.port || target != Target::kAll,
          "--http-port sets one service's port: use it with a single --target");
  if (!crash_at.empty()) {
    try {
      bus::CrashPlan::Parse(crash_at);
    } catch (const std::invalid_argument& error) {
      Require(false, std::string("--crash-at: ") + error.what());
    }
  }
}

void Settings::ValidateServing() const {
  Validate();
  Require(Embedded() || insecure || !auth.keys.empty(),
          "--auth-keys and --auth-issuer must be set outside embedded mode: which identity "
          "provider's tokens to accept (docs/security.md). --insecure runs without tokens");
  Require(Embedded() || insecure || HttpUsesTls(),
          "--http-tls-cert and --http-tls-key must be set outside embedded mode: the API is "
          "served over HTTPS (docs/security.md). --insecure runs with plain HTTP");
  Require(Embedded() || insecure || ServersUseTls(),
          "every server must be reached over TLS that checks it outside embedded mode: "
          "PostgreSQL with sslmode=verify-full, --kafka-tls, --redis-tls, with --server-tls-ca, "
          "-cert and -key (docs/security.md). --insecure runs without");
}

std::vector<std::string> Settings::Services() const {
  if (target == Target::kAll) return {"order", "payment", "inventory", "delivery"};
  return {std::string(NameOf(target))};
}

bool Settings::ServersUseTls() const {
  if (storage.adapter == Storage::kPostgres &&
      !db::PgVerifiesServer(storage.DatabaseUri(Services().front()))) {
    return false;
  }
  if (bus.adapter == Bus::kKafka && !bus.kafka_tls) return false;
  return cache.adapter != Cache::kRedis || cache.redis_tls;
}

}  // namespace sagashop::app
