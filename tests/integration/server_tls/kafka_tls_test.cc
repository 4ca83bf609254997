// The stack's broker takes clients on its SSL listener only, and only with a certificate from the
// stack's CA (ssl.client.auth=required); the clients check the broker's certificate and name.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "integration/server_tls/foreign_identity.h"
#include "platform/bus/kafka/kafka_admin.h"
#include "platform/bus/kafka/kafka_config.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

// Long enough for a TLS handshake on a busy machine; a refused client waits for all of it.
constexpr std::chrono::seconds kMetadataTimeout{8};

bus::KafkaConfig BrokerConfig() {
  bus::KafkaConfig config;
  config.brokers = RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS");
  config.client_id = "sagashop-tls-test";
  return config;
}

// Whether the broker answers a metadata request from a client configured so.
bool BrokerAnswers(const bus::KafkaConfig& config) {
  bus::KafkaAdmin admin(config);
  return admin.Probe(kMetadataTimeout).reachable;
}

TEST(KafkaTlsTest, TheStacksClientIsAnswered) {
  bus::KafkaConfig config = BrokerConfig();
  config.tls = StackIdentity();
  EXPECT_EQ(config.AdminProperties().at("security.protocol"), "ssl");
  EXPECT_EQ(config.AdminProperties().at("ssl.endpoint.identification.algorithm"), "https");
  EXPECT_TRUE(BrokerAnswers(config));
}

TEST(KafkaTlsTest, APlaintextClientIsRefused) {
  EXPECT_FALSE(BrokerAnswers(BrokerConfig()));
}

TEST(KafkaTlsTest, ATlsClientWithoutACertificateIsRefused) {
  bus::KafkaConfig config = BrokerConfig();
  config.common_overrides = {{"security.protocol", "ssl"},
                             {"ssl.ca.location", StackIdentity().ca_file},
                             {"ssl.endpoint.identification.algorithm", "https"}};
  EXPECT_FALSE(BrokerAnswers(config));
}

TEST(KafkaTlsTest, AClientCertificateFromAnotherCaIsRefused) {
  const ForeignIdentity foreign;
  bus::KafkaConfig config = BrokerConfig();
  config.tls = core::TlsClientFiles{.ca_file = StackIdentity().ca_file,
                                    .cert_file = foreign.Files().cert_file,
                                    .key_file = foreign.Files().key_file};
  EXPECT_FALSE(BrokerAnswers(config));
}

TEST(KafkaTlsTest, ABrokerCertificateFromAnotherCaIsNotTrusted) {
  const ForeignIdentity foreign;
  bus::KafkaConfig config = BrokerConfig();
  config.tls = core::TlsClientFiles{.ca_file = foreign.Files().ca_file,
                                    .cert_file = StackIdentity().cert_file,
                                    .key_file = StackIdentity().key_file};
  EXPECT_FALSE(BrokerAnswers(config));
}

}  // namespace
}  // namespace sagashop::testing
