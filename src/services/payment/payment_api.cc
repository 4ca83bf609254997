#include "services/payment/payment_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "services/common/access.h"
#include "services/common/http_params.h"
#include "services/common/json_values.h"
#include "services/payment/payment_repository.h"

namespace sagashop::payment {
namespace {

boost::json::object PaymentToJson(const PaymentRecord& payment) {
  boost::json::object json{{"id", payment.id},
                           {"orderId", payment.order_id},
                           {"amount", payment.amount},
                           {"paymentType", payment.payment_type},
                           {"status", ToString(payment.status)},
                           {"createdAt", payment.created_at},
                           {"updatedAt", payment.updated_at}};
  json["paymentGatewayTxId"] = services::JsonOrNull(payment.gateway_tx_id);
  json["reason"] = services::JsonOrNull(payment.reason);
  return json;
}

}  // namespace

void PaymentApi::RegisterRoutes(http::Router& router) {
  router.Add("GET", "/payments", [this](const http::Request& r) { return ListByOrder(r); });
  router.Add("GET", "/payments/{id}", [this](const http::Request& r) { return GetPayment(r); });
}

http::Response PaymentApi::ListByOrder(const http::Request& request) {
  const std::int64_t order_id = services::RequiredPositiveQueryParam(request, "orderId");
  const std::vector<PaymentRecord> payments = db::RunReadTransaction(
      database_, [&](db::Transaction& tx) { return PaymentRepository(tx).FindByOrder(order_id); });
  const services::Access access(request);
  boost::json::array items;
  for (const PaymentRecord& payment : payments) {
    if (access.MaySee(payment.user_id)) items.push_back(PaymentToJson(payment));
  }
  return http::JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

http::Response PaymentApi::GetPayment(const http::Request& request) {
  const std::int64_t payment_id = services::PositiveIdParam("id", request.path_params.at(0));
  const auto payment = db::RunReadTransaction(database_, [&](db::Transaction& tx) {
    return PaymentRepository(tx).FindPayment(payment_id);
  });
  if (!payment || !services::Access(request).MaySee(payment->user_id)) {
    throw http::ProblemError(
        http::NotFound("payment " + std::to_string(payment_id) + " not found"));
  }
  return http::JsonResponse(200, PaymentToJson(*payment));
}

}  // namespace sagashop::payment
