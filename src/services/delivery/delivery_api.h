#pragma once

#include "platform/crypto/field_cipher.h"
#include "platform/db/database.h"
#include "platform/http/router.h"

namespace sagashop::delivery {

// GET /deliveries?orderId= and GET /deliveries/{id} (docs/contracts.md, HTTP API).
class DeliveryApi {
 public:
  // Addresses rest sealed; `cipher` opens them for the answer.
  DeliveryApi(db::Database& database, const crypto::FieldCipher& cipher)
      : database_(database), cipher_(cipher) {}

  void RegisterRoutes(http::Router& router);

 private:
  http::Response ListByOrder(const http::Request& request);
  http::Response GetDelivery(const http::Request& request);

  db::Database& database_;
  const crypto::FieldCipher& cipher_;
};

}  // namespace sagashop::delivery
