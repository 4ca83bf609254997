#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string_view>

#include "platform/bus/kafka/kafka_config.h"
#include "platform/bus/kafka/kafka_handles.h"

namespace sagashop::bus {

// Builds librdkafka configurations from property maps. A property librdkafka does not know, or a
// value it rejects, throws std::invalid_argument naming the property and the client (`role`), so
// bad configuration stops the process at start-up.
std::unique_ptr<RdKafka::Conf> MakeCppConf(const KafkaProperties& properties,
                                           std::string_view role);
KafkaConfHandle MakeCConf(const KafkaProperties& properties, std::string_view role);

}  // namespace sagashop::bus
