#include "services/delivery/domain/start_decision.h"

namespace sagashop::delivery {

StartDecision DecideStart(const DeliveryRequest& request, SystemTime now) {
  // Released wins over everything: the stock is back on the shelf whatever else is known.
  if (request.reservation_released) return {StartAction::kRefuse, std::string(kReservationExpired)};
  if (!request.address || !request.reservation_id) return {StartAction::kWait, ""};
  if (request.reservation_expired_at && now >= ParseTimestamp(*request.reservation_expired_at)) {
    return {StartAction::kRefuse, std::string(kReservationExpired)};
  }
  return {StartAction::kStart, ""};
}

}  // namespace sagashop::delivery
