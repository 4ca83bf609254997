#pragma once

#include <string>
#include <vector>

#include "app/settings/adapters.h"
#include "app/settings/auth_settings.h"
#include "app/settings/bus_settings.h"
#include "app/settings/cache_settings.h"
#include "app/settings/consumer_settings.h"
#include "app/settings/http_settings.h"
#include "app/settings/log_settings.h"
#include "app/settings/outbox_settings.h"
#include "app/settings/outside_world_settings.h"
#include "app/settings/saga_settings.h"
#include "app/settings/server_tls_settings.h"
#include "app/settings/storage_settings.h"

namespace sagashop::app {

// Every setting of a running sagashop, from flags or SAGASHOP_* environment variables
// (app/command_line.h), one struct per component that reads them. Validate() stops the process at
// start-up with a message naming the bad setting.
struct Settings {
  Target target = Target::kAll;
  // Embedded mode by default: SQLite files, in-process bus, in-memory cache, no servers at all.
  StorageSettings storage;
  BusSettings bus;
  CacheSettings cache;
  ServerTlsSettings server_tls;
  HttpSettings http;
  AuthSettings auth;
  ConsumerSettings consumer;
  OutboxSettings outbox;
  OutsideWorldSettings outside_world;
  SagaSettings saga;
  LogSettings log;

  // Turns off what production needs and a local trial does not (today: bearer tokens), with a
  // warning. Never the default.
  bool insecure = false;

  // Test seam only: "<point>[:<nth>]" kills the process at that moment (bus::CrashPlan). Empty in
  // any real deployment.
  std::string crash_at;

  // Test seam only: a file to which every event the outbox relays publish is appended, one JSON
  // line each (bus::JsonLinesTapFile), for the e2e suites to check against api/events/. Empty (no
  // tap, nothing added to the path of an event) in any real deployment.
  std::string event_tap;

  // Each component's Validate(), then the rules that span components; throws
  // std::invalid_argument naming the first bad setting.
  void Validate() const;
  // Validate(), and what a process serving the API needs besides: what secures it, unless
  // --insecure says to run without.
  void ValidateServing() const;

  // One process, all four services, on SQLite files: what `make run` starts. It keeps its own key
  // material (token-signing key, local CA, data keys) beside its data.
  bool Embedded() const { return storage.adapter == Storage::kSqlite && target == Target::kAll; }
  // Whether the HTTP servers speak HTTPS: with a certificate given, or in embedded mode (its local
  // certificate), unless --http-plaintext.
  bool HttpUsesTls() const { return !http.plaintext && (!http.tls_cert.empty() || Embedded()); }
  // The local CA's folder, used in embedded mode when no certificate is given.
  std::string LocalTlsDir() const { return storage.data_dir + "/tls"; }

  // The services this process runs, in start order.
  std::vector<std::string> Services() const;
  // True when every server this configuration connects to is reached over TLS that checks the
  // server: PostgreSQL with sslmode verify-full or verify-ca, Kafka and Redis with their TLS
  // switches on. A configuration with no servers (embedded mode) is trivially true.
  bool ServersUseTls() const;
};

}  // namespace sagashop::app
