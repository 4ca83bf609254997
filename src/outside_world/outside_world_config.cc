#include "outside_world/outside_world_config.h"

#include <stdexcept>
#include <string>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

// The command-line flag that sets a behaviour member of `face`, so an error names what to fix.
std::string FlagOf(const std::string& face, const std::string& field) {
  if (field == "latencyMedianMs") return "--" + face + "-latency-ms";
  if (field == "latencyP99Ms") return "--" + face + "-latency-p99-ms";
  if (field == "failureRate") return "--" + face + "-failure-rate";
  if (field == "timeoutRate") return "--" + face + "-timeout-rate";
  if (field == "timeoutDelayMs") return "--" + face + "-timeout-delay-ms";
  return face + " " + field;
}

void ValidateFace(const std::string& face, const FaceBehaviour& behaviour) {
  try {
    behaviour.Validate();
  } catch (const FieldError& error) {
    throw std::invalid_argument("outside world: " + FlagOf(face, error.Field()) + " " +
                                error.Reason());
  }
}

}  // namespace

void OutsideWorldConfig::Validate() const {
  if (listen_host.empty()) throw std::invalid_argument("outside world: listen host is empty");
  if (ledger_file.empty()) throw std::invalid_argument("outside world: ledger file is empty");
  if (payment_limit < 0) {
    throw std::invalid_argument("outside world: payment limit must not be negative, got " +
                                std::to_string(payment_limit));
  }
  if (workers < 1 || workers > 1024) {
    throw std::invalid_argument("outside world: workers must be between 1 and 1024, got " +
                                std::to_string(workers));
  }
  ValidateFace("payment", payment);
  ValidateFace("carrier", carrier);
}

}  // namespace sagashop::outside_world
