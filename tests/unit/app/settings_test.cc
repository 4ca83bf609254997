#include "app/settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "app/command_line.h"

namespace sagashop::app {
namespace {

extern "C" char** environ;

// Settings read SAGASHOP_* variables, and the test runner may have exported the local stack's
// (scripts/test.sh does): start every test from none.
class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> names;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      if (std::strncmp(*entry, "SAGASHOP_", 9) == 0) {
        names.emplace_back(*entry, std::strchr(*entry, '=') - *entry);
      }
    }
    for (const std::string& name : names) ::unsetenv(name.c_str());
  }
};

// Parses `args` as the sagashop command line would and validates the result.
Settings Parse(const std::vector<std::string>& args) {
  CLI::App app;
  Settings settings;
  AddSettingsOptions(app, settings);
  std::vector<const char*> argv = {"sagashop"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  settings.Validate();
  return settings;
}

std::string ErrorOf(const std::vector<std::string>& args) {
  try {
    Parse(args);
  } catch (const std::exception& error) {
    return error.what();
  }
  return "<accepted>";
}

const std::vector<std::string> kServers = {"--storage=postgres",
                                           "--bus=kafka",
                                           "--cache=redis",
                                           "--pg-uri=postgresql://u@127.0.0.1:5432",
                                           "--kafka-brokers=127.0.0.1:9092",
                                           "--redis=127.0.0.1:6379"};

std::vector<std::string> With(std::vector<std::string> extra) {
  std::vector<std::string> args = kServers;
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST_F(SettingsTest, TheDefaultIsEmbeddedModeWithNoServers) {
  const Settings settings = Parse({});
  EXPECT_EQ(settings.storage.adapter, Storage::kSqlite);
  EXPECT_EQ(settings.bus.adapter, Bus::kInproc);
  EXPECT_EQ(settings.cache.adapter, Cache::kMemory);
  EXPECT_EQ(settings.log.level, LogLevel::kInfo);
  EXPECT_EQ(settings.log.format, LogFormat::kJson);
  EXPECT_EQ(settings.storage.DatabaseFile("order"), "data/order.db");
  EXPECT_EQ(Parse({"--data-dir=/srv/shop"}).storage.DatabaseFile("payment"),
            "/srv/shop/payment.db");
  EXPECT_EQ(Parse({"--http-base-port=9000"}).http.PortOf("inventory"), 9002);
}

TEST_F(SettingsTest, DefaultsRunEveryServiceOnTheirOwnPorts) {
  const Settings settings = Parse(kServers);
  EXPECT_EQ(settings.Services(),
            (std::vector<std::string>{"order", "payment", "inventory", "delivery"}));
  EXPECT_EQ(settings.http.PortOf("order"), 8001);
  EXPECT_EQ(settings.http.PortOf("delivery"), 8004);
  EXPECT_EQ(settings.storage.pg_pool_max_open, 25);
  EXPECT_EQ(settings.storage.pg_pool_max_idle, 10);
  EXPECT_EQ(settings.consumer.max_batch, 500);
  EXPECT_EQ(settings.consumer.max_attempts, 3);
  EXPECT_EQ(settings.consumer.retry_backoff_ms, 100);
  EXPECT_EQ(settings.consumer.retry_backoff_max_ms, 2000);
}

TEST_F(SettingsTest, ASingleTargetMayChooseItsPortAndDatabase) {
  const Settings settings =
      Parse(With({"--target=payment", "--http-port=9002", "--db-uri=postgresql://u@h/pay"}));
  EXPECT_EQ(settings.Services(), std::vector<std::string>{"payment"});
  EXPECT_EQ(settings.http.PortOf("payment"), 9002);
  EXPECT_EQ(settings.storage.DatabaseUri("payment"),
            "postgresql://u@h/pay?options=-c%20TimeZone%3DUTC");
}

TEST_F(SettingsTest, DatabaseNameDerivesFromTheService) {
  const Settings settings = Parse(kServers);
  EXPECT_EQ(settings.storage.DatabaseUri("inventory"),
            "postgresql://u@127.0.0.1:5432/inventory_db?options=-c%20TimeZone%3DUTC");
}

TEST_F(SettingsTest, EnvironmentVariablesAreRead) {
  ::setenv("SAGASHOP_TARGET", "delivery", 1);
  ::setenv("SAGASHOP_CONSUMER_MAX_BATCH", "42", 1);
  const Settings settings = Parse(kServers);
  ::unsetenv("SAGASHOP_TARGET");
  ::unsetenv("SAGASHOP_CONSUMER_MAX_BATCH");
  EXPECT_EQ(settings.Services(), std::vector<std::string>{"delivery"});
  EXPECT_EQ(settings.consumer.max_batch, 42);
}

// The event tap is a test seam: off unless a file is named, by flag or environment.
TEST_F(SettingsTest, TheEventTapIsOffUnlessAFileIsNamed) {
  EXPECT_EQ(Parse({}).event_tap, "");
  EXPECT_EQ(Parse({"--event-tap=/tmp/events.jsonl"}).event_tap, "/tmp/events.jsonl");
  ::setenv("SAGASHOP_EVENT_TAP", "/tmp/other.jsonl", 1);
  const Settings settings = Parse({});
  ::unsetenv("SAGASHOP_EVENT_TAP");
  EXPECT_EQ(settings.event_tap, "/tmp/other.jsonl");
}

TEST_F(SettingsTest, KafkaPropertiesArePassedThrough) {
  const Settings settings = Parse(With(
      {"--kafka-producer-prop", "linger.ms=20", "--kafka-consumer-prop", "fetch.min.bytes=1"}));
  EXPECT_EQ(settings.bus.kafka_producer_props.at("linger.ms"), "20");
  EXPECT_EQ(settings.bus.kafka_consumer_props.at("fetch.min.bytes"), "1");
}

TEST_F(SettingsTest, AnOutsideWorldOutageIsASetting) {
  const Settings settings = Parse(With({"--carrier-failure-rate=1", "--payment-failure-rate=1",
                                        "--reservation-sweep-grace-seconds=0"}));
  EXPECT_EQ(settings.outside_world.carrier_failure_rate, 1.0);
  EXPECT_EQ(settings.outside_world.payment_failure_rate, 1.0);
  EXPECT_EQ(settings.saga.reservation_sweep_grace_seconds, 0);
}

TEST_F(SettingsTest, IdempotencyKeysAreKeptADayUnlessConfigured) {
  EXPECT_EQ(Parse({}).saga.IdempotencyKeyRetention(), std::chrono::hours(24));
  EXPECT_EQ(Parse({"--idempotency-key-retention-hours=0.5"}).saga.IdempotencyKeyRetention(),
            std::chrono::minutes(30));
  ::setenv("SAGASHOP_IDEMPOTENCY_KEY_RETENTION_HOURS", "72", 1);
  const Settings settings = Parse({});
  ::unsetenv("SAGASHOP_IDEMPOTENCY_KEY_RETENTION_HOURS");
  EXPECT_EQ(settings.saga.IdempotencyKeyRetention(), std::chrono::hours(72));
  for (const char* bad : {"0", "-1", "nan", "100000", "0.00001"}) {
    EXPECT_NE(ErrorOf({std::string("--idempotency-key-retention-hours=") + bad})
                  .find("--idempotency-key-retention-hours"),
              std::string::npos)
        << bad;
  }
}

// HTTPS is on in embedded mode unless turned off; a distributed process serves it when given a
// certificate.
TEST_F(SettingsTest, HttpsIsOnInEmbeddedModeAndWithACertificate) {
  EXPECT_TRUE(Parse({}).HttpUsesTls());
  EXPECT_EQ(Parse({"--data-dir=/srv/shop"}).LocalTlsDir(), "/srv/shop/tls");
  EXPECT_FALSE(Parse({"--http-plaintext"}).HttpUsesTls());
  EXPECT_FALSE(Parse(With({"--target=order"})).HttpUsesTls());
  EXPECT_TRUE(Parse(With({"--target=order", "--http-tls-cert=c.pem", "--http-tls-key=k.pem"}))
                  .HttpUsesTls());
  EXPECT_NE(ErrorOf({"--http-tls-cert=c.pem"}).find("--http-tls-key"), std::string::npos);
  EXPECT_NE(ErrorOf({"--http-plaintext", "--http-tls-ca=ca.pem"}).find("--http-plaintext"),
            std::string::npos);
  EXPECT_EQ(ErrorOf({"--payment-provider-url=https://pay.example:8443"}), "<accepted>");
  EXPECT_NE(ErrorOf({"--carrier-url=ftp://carrier"}).find("--carrier-url"), std::string::npos);
}

TEST_F(SettingsTest, BadSettingsAreRefusedByName) {
  EXPECT_NE(ErrorOf(With({"--target=warehouse"})).find("--target"), std::string::npos);
  EXPECT_NE(ErrorOf({"--storage=postgres", "--kafka-brokers=k:1"}).find("--pg-uri"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"--bus=kafka", "--pg-uri=postgresql://u@h"}).find("--kafka-brokers"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--redis=nocolon"})).find("--redis"), std::string::npos);
  EXPECT_NE(ErrorOf(With({"--http-port=8080"})).find("--http-port"), std::string::npos);
  EXPECT_NE(ErrorOf(With({"--pg-pool-max-idle=30"})).find("--pg-pool-max-idle"), std::string::npos);
  EXPECT_NE(ErrorOf(With({"--payment-failure-rate=1.5"})).find("--payment-failure-rate"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--carrier-failure-rate=-0.1"})).find("--carrier-failure-rate"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--reservation-sweep-grace-seconds=-1"}))
                .find("--reservation-sweep-grace-seconds"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--crash-at=after-lunch"})).find("--crash-at"), std::string::npos);
  EXPECT_NE(ErrorOf(With({"--bus-namespace=a.b"})).find("--bus-namespace"), std::string::npos);
  EXPECT_NE(ErrorOf(With({"--storage=mysql"})).find("--storage"), std::string::npos);
  EXPECT_NE(ErrorOf({"--target=order"}).find("--bus=inproc"), std::string::npos);
  EXPECT_NE(ErrorOf(With({"--kafka-producer-prop", "novalue"})).find("key=value"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--consumer-max-batch=abc"})).find("consumer-max-batch"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--consumer-max-attempts=0"})).find("--consumer-max-attempts"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(With({"--consumer-retry-backoff-ms=500", "--consumer-retry-backoff-max-ms=100"}))
          .find("--consumer-retry-backoff-max-ms"),
      std::string::npos);
}

// Adapters and log settings take one of a few names, spelt as scripts and docs spell them.
TEST_F(SettingsTest, AdaptersAreReadByName) {
  const Settings settings = Parse(With({"--log-level=debug", "--log-format=text"}));
  EXPECT_EQ(settings.storage.adapter, Storage::kPostgres);
  EXPECT_EQ(settings.bus.adapter, Bus::kKafka);
  EXPECT_EQ(settings.cache.adapter, Cache::kRedis);
  EXPECT_EQ(settings.log.level, LogLevel::kDebug);
  EXPECT_EQ(settings.log.format, LogFormat::kText);
  ::setenv("SAGASHOP_BUS", "kafka", 1);
  ::setenv("SAGASHOP_KAFKA_BROKERS", "k:1", 1);
  const Settings from_env = Parse({"--target=order"});
  ::unsetenv("SAGASHOP_BUS");
  ::unsetenv("SAGASHOP_KAFKA_BROKERS");
  EXPECT_EQ(from_env.bus.adapter, Bus::kKafka);
  EXPECT_EQ(NameOf(from_env.bus.adapter), "kafka");
}

TEST_F(SettingsTest, AnUnknownNameIsRefusedNamingTheFlagAndTheNamesAllowed) {
  EXPECT_EQ(ErrorOf({"--storage=mysql"}), "--storage: must be sqlite or postgres, got 'mysql'");
  EXPECT_EQ(ErrorOf({"--bus=rabbitmq"}), "--bus: must be inproc or kafka, got 'rabbitmq'");
  EXPECT_EQ(ErrorOf({"--cache=memcached"}), "--cache: must be memory or redis, got 'memcached'");
  EXPECT_EQ(ErrorOf({"--log-format=xml"}), "--log-format: must be json or text, got 'xml'");
  EXPECT_EQ(ErrorOf({"--log-level=loud"}),
            "--log-level: must be trace, debug, info, warn or error, got 'loud'");
  EXPECT_EQ(ErrorOf({"--target=warehouse"}),
            "--target: must be all, order, payment, inventory or delivery, got 'warehouse'");
  // The enum's number is not a name.
  EXPECT_NE(ErrorOf({"--storage=1"}).find("--storage"), std::string::npos);
  ::setenv("SAGASHOP_CACHE", "disk", 1);
  const std::string from_env = ErrorOf({});
  ::unsetenv("SAGASHOP_CACHE");
  EXPECT_EQ(from_env, "--cache: must be memory or redis, got 'disk'");
}

// Every setting's variable is derived from its flag; a hand-written odd one fails here.
TEST_F(SettingsTest, EveryFlagsEnvironmentVariableIsDerivedFromItsName) {
  CLI::App app;
  Settings settings;
  AddSettingsOptions(app, settings);
  int checked = 0;
  for (const CLI::Option* option : app.get_options()) {
    if (option == app.get_help_ptr() || option == app.get_help_all_ptr()) continue;
    ASSERT_EQ(option->get_lnames().size(), 1U) << option->get_name();
    std::string expected = "SAGASHOP_";
    for (char c : option->get_lnames().front()) {
      expected += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(option->get_envname(), expected) << option->get_name();
    ++checked;
  }
  EXPECT_GE(checked, 70);
  EXPECT_EQ(EnvNameOf("--kafka-statistics-interval-ms"), "SAGASHOP_KAFKA_STATISTICS_INTERVAL_MS");
}

// Each component refuses its own bad values, naming the flag.
template <typename Component>
std::string ComponentErrorOf(const Component& component) {
  try {
    component.Validate();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "<accepted>";
}

TEST_F(SettingsTest, EachComponentRefusesItsBadValues) {
  StorageSettings storage{.adapter = Storage::kPostgres, .pg_uri = "mysql://h"};
  EXPECT_NE(ComponentErrorOf(storage).find("--pg-uri"), std::string::npos);
  EXPECT_EQ(ComponentErrorOf(StorageSettings{.data_dir = ""}), "--data-dir must not be empty");

  EXPECT_EQ(ComponentErrorOf(BusSettings{}), "<accepted>") << "inproc has nothing to check";
  EXPECT_NE(ComponentErrorOf(
                BusSettings{.adapter = Bus::kKafka, .kafka_brokers = "k:1", .kafka_partitions = 0})
                .find("--kafka-partitions"),
            std::string::npos);
  EXPECT_NE(ComponentErrorOf(BusSettings{.adapter = Bus::kKafka,
                                         .kafka_brokers = "k:1",
                                         .kafka_replication_factor = 0})
                .find("--kafka-replication-factor"),
            std::string::npos);

  EXPECT_NE(
      ComponentErrorOf(CacheSettings{.adapter = Cache::kRedis, .redis = ":6379"}).find("--redis"),
      std::string::npos);
  EXPECT_NE(ComponentErrorOf(ServerTlsSettings{.ca = "/nonexistent/ca.crt"})
                .find("--server-tls-ca: cannot read"),
            std::string::npos);

  EXPECT_NE(ComponentErrorOf(HttpSettings{.workers = 0}).find("--http-workers"), std::string::npos);
  EXPECT_NE(ComponentErrorOf(HttpSettings{.max_connections = 10, .max_connections_per_client = 11})
                .find("--http-max-connections-per-client"),
            std::string::npos);
  EXPECT_NE(ComponentErrorOf(HttpSettings{.rate_limit_writes_per_subject = -1})
                .find("--http-rate-limit-writes-per-subject"),
            std::string::npos);

  EXPECT_NE(ComponentErrorOf(AuthSettings{.keys = "keys.pem"}).find("--auth-issuer"),
            std::string::npos);
  EXPECT_NE(ComponentErrorOf(AuthSettings{.audience = ""}).find("--auth-audience"),
            std::string::npos);

  EXPECT_NE(ComponentErrorOf(ConsumerSettings{.max_batch = 0}).find("--consumer-max-batch"),
            std::string::npos);
  EXPECT_NE(ComponentErrorOf(OutboxSettings{.poll_ms = 0}).find("--outbox-poll-ms"),
            std::string::npos);

  EXPECT_NE(ComponentErrorOf(OutsideWorldSettings{.call_breaker_failures = 0})
                .find("--outside-call-breaker-failures"),
            std::string::npos);
  EXPECT_NE(ComponentErrorOf(OutsideWorldSettings{.payment_provider_url = "ftp://pay"})
                .find("--payment-provider-url"),
            std::string::npos);

  EXPECT_NE(ComponentErrorOf(SagaSettings{.stuck_after_seconds = 0}).find("--saga-stuck-after"),
            std::string::npos);
  EXPECT_NE(ComponentErrorOf(SagaSettings{.max_sagas_in_flight = -1}).find("--max-sagas-in-flight"),
            std::string::npos);
}

TEST_F(SettingsTest, DatabaseUriKeepsTheServersParameters) {
  const Settings settings = Parse(
      {"--storage=postgres",
       "--pg-uri=postgresql://u@127.0.0.1:5432/?sslmode=verify-full&sslrootcert=/tls/ca.crt"});
  EXPECT_EQ(settings.storage.DatabaseUri("order"),
            "postgresql://u@127.0.0.1:5432/order_db?sslmode=verify-full&sslrootcert=/tls/ca.crt"
            "&options=-c%20TimeZone%3DUTC");
}

// Three readable files standing in for a CA, a certificate and a key: Settings checks only that
// they are there; the adapters read them.
class ServerTlsSettingsTest : public SettingsTest {
 protected:
  void SetUp() override {
    SettingsTest::SetUp();
    dir_ = std::filesystem::temp_directory_path() /
           ("sagashop-settings-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* name : {"ca.crt", "client.crt", "client.key"}) {
      std::ofstream(dir_ / name) << "PEM\n";
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Identity() const {
    return {"--server-tls-ca=" + (dir_ / "ca.crt").string(),
            "--server-tls-cert=" + (dir_ / "client.crt").string(),
            "--server-tls-key=" + (dir_ / "client.key").string()};
  }
  // The servers of kServers, each reached over TLS; `pg_sslmode`, `kafka` and `redis` weaken one.
  std::vector<std::string> AllTls(const std::string& pg_sslmode = "verify-full",
                                  const std::string& kafka = "true",
                                  const std::string& redis = "true") const {
    std::vector<std::string> args = Identity();
    args.insert(args.end(), {"--storage=postgres", "--bus=kafka", "--cache=redis",
                             "--pg-uri=postgresql://u@127.0.0.1:5432?sslmode=" + pg_sslmode,
                             "--kafka-brokers=127.0.0.1:9092", "--redis=127.0.0.1:6379",
                             "--kafka-tls=" + kafka, "--redis-tls=" + redis});
    return args;
  }

  std::filesystem::path dir_;
};

TEST_F(ServerTlsSettingsTest, ServersUseTlsOnlyWhenEveryServerConnectionDoes) {
  EXPECT_TRUE(Parse({}).ServersUseTls()) << "embedded mode has no server connection";
  EXPECT_FALSE(Parse(kServers).ServersUseTls());
  EXPECT_TRUE(Parse(AllTls()).ServersUseTls());

  EXPECT_TRUE(Parse(AllTls("verify-ca")).ServersUseTls());
  EXPECT_FALSE(Parse(AllTls("require")).ServersUseTls()) << "require does not check the server";
  EXPECT_FALSE(Parse(AllTls("verify-full", "false")).ServersUseTls());
  EXPECT_FALSE(Parse(AllTls("verify-full", "true", "false")).ServersUseTls());
}

// What ValidateServing says of `args`: "<accepted>" or its message.
std::string ServingErrorOf(const std::vector<std::string>& args) {
  try {
    Parse(args).ValidateServing();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "<accepted>";
}

TEST_F(ServerTlsSettingsTest, OutsideEmbeddedModeServingNeedsTokensHttpsAndTlsToEveryServer) {
  const std::vector<std::string> tokens = {"--auth-keys=keys.pem", "--auth-issuer=idp"};
  const std::vector<std::string> https = {"--http-tls-cert=c.pem", "--http-tls-key=k.pem"};
  auto join = [](std::vector<std::string> all, const std::vector<std::string>& more) {
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  EXPECT_EQ(ServingErrorOf({}), "<accepted>") << "embedded mode secures itself";
  EXPECT_EQ(ServingErrorOf(join(join(AllTls(), tokens), https)), "<accepted>");

  EXPECT_NE(ServingErrorOf(join(AllTls(), https)).find("--auth-keys"), std::string::npos);
  EXPECT_NE(ServingErrorOf(join(AllTls(), tokens)).find("--http-tls-cert"), std::string::npos);
  const std::string plain_servers = ServingErrorOf(join(join(AllTls("require"), tokens), https));
  EXPECT_NE(plain_servers.find("sslmode=verify-full"), std::string::npos) << plain_servers;
  EXPECT_NE(plain_servers.find("--insecure"), std::string::npos) << plain_servers;
  EXPECT_NE(ServingErrorOf(join(join(AllTls("verify-full", "true", "false"), tokens), https))
                .find("--redis-tls"),
            std::string::npos);

  EXPECT_EQ(ServingErrorOf(join(kServers, {"--insecure"})), "<accepted>")
      << "--insecure is the one way to run without";
}

TEST_F(ServerTlsSettingsTest, TheIdentityReachesKafkaAndRedisFromFlagsOrEnvironment) {
  const Settings settings = Parse(AllTls());
  EXPECT_EQ(settings.server_tls.Files().ca_file, (dir_ / "ca.crt").string());
  EXPECT_EQ(settings.server_tls.Files().key_file, (dir_ / "client.key").string());

  ::setenv("SAGASHOP_KAFKA_TLS", "true", 1);
  ::setenv("SAGASHOP_SERVER_TLS_CA", (dir_ / "ca.crt").c_str(), 1);
  ::setenv("SAGASHOP_SERVER_TLS_CERT", (dir_ / "client.crt").c_str(), 1);
  ::setenv("SAGASHOP_SERVER_TLS_KEY", (dir_ / "client.key").c_str(), 1);
  const Settings from_env = Parse(kServers);
  EXPECT_TRUE(from_env.bus.kafka_tls);
  EXPECT_FALSE(from_env.cache.redis_tls);
  EXPECT_EQ(from_env.server_tls.Files().cert_file, (dir_ / "client.crt").string());
}

TEST_F(ServerTlsSettingsTest, AMissingOrUnreadableFileIsRefusedByName) {
  EXPECT_NE(ErrorOf(With({"--kafka-tls"})).find("--server-tls-ca is required with --kafka-tls"),
            std::string::npos);
  EXPECT_NE(ErrorOf(With({"--redis-tls"})).find("--server-tls-ca is required with --redis-tls"),
            std::string::npos);
  std::vector<std::string> no_key = AllTls();
  no_key[2] = "--server-tls-key=" + (dir_ / "missing.key").string();
  const std::string error = ErrorOf(no_key);
  EXPECT_NE(error.find("--server-tls-key"), std::string::npos) << error;
  EXPECT_NE(error.find("missing.key"), std::string::npos) << error;
}

}  // namespace
}  // namespace sagashop::app
