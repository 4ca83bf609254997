#include "platform/bus/kafka/kafka_conf.h"

#include <stdexcept>
#include <string>

namespace sagashop::bus {
namespace {

[[noreturn]] void Reject(std::string_view role, const std::string& name, const std::string& value,
                         const std::string& reason) {
  throw std::invalid_argument("kafka " + std::string(role) + " property " + name + "=" + value +
                              ": " + reason);
}

}  // namespace

std::unique_ptr<RdKafka::Conf> MakeCppConf(const KafkaProperties& properties,
                                           std::string_view role) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [name, value] : properties) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      Reject(role, name, value, error);
    }
  }
  return conf;
}

KafkaConfHandle MakeCConf(const KafkaProperties& properties, std::string_view role) {
  KafkaConfHandle conf(rd_kafka_conf_new());
  char error[512];
  for (const auto& [name, value] : properties) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      Reject(role, name, value, error);
    }
  }
  return conf;
}

}  // namespace sagashop::bus
