#include "outside_world/outside_world_config.h"

#include <stdexcept>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

void ValidateFace(const char* face, const FaceBehaviour& behaviour) {
  try {
    behaviour.Validate();
  } catch (const FieldError& error) {
    throw std::invalid_argument(std::string("outside world: ") + face + " " + error.Field() + " " +
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
