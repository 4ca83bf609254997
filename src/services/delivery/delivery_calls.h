#pragma once

#include "platform/crypto/field_cipher.h"
#include "platform/outcall/outside_call_handler.h"
#include "services/delivery/domain/carrier.h"

namespace sagashop::delivery {

// Delivery's calls to its carrier: a shipment decided once an order's address and reserved stock
// are known. The carrier's answer records the delivery STARTED (delivery.started.v1) or FAILED
// (delivery.failed.v1).
class DeliveryCalls final : public outcall::OutsideCallHandler {
 public:
  // A shipment's address rests sealed (in its call and the delivery); `cipher` opens it for the
  // carrier only.
  DeliveryCalls(Carrier& carrier, const crypto::FieldCipher& cipher)
      : carrier_(carrier), cipher_(cipher) {}

  void Perform(const outcall::OutsideCall& call, CallDone<std::string> done) override;
  void ApplyResult(db::Transaction& tx, const outcall::OutsideCall& call,
                   const std::string& result) override;
  // A batch's answers with a handful of statements: the orders' deliveries read at once, then
  // the started and the failed ones recorded, each kind with its events.
  void ApplyResults(db::Transaction& tx, std::span<const Answered> answers) override;
  // A shipment the carrier has certainly not taken is refused once its reservation lapsed (or was
  // released) meanwhile, as it would have been had the carrier been down when it was decided.
  std::optional<std::string> GiveUp(db::Transaction& tx, const outcall::OutsideCall& call) override;

 private:
  Carrier& carrier_;
  const crypto::FieldCipher& cipher_;
};

}  // namespace sagashop::delivery
