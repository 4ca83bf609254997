#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

// The kinds of Payment's outside calls, and how their requests and answers are kept in
// outside_calls (JSON text). Decoding throws FieldError naming what is wrong.
inline constexpr std::string_view kChargeCall = "CHARGE";
inline constexpr std::string_view kRefundCall = "REFUND";

// What a refund needs beyond the provider's request: which payment it settles, and why.
struct RefundIntent {
  std::int64_t payment_id = 0;
  std::string reason;
  RefundRequest request;
};

std::string EncodeChargeRequest(const ChargeRequest& request);
ChargeRequest DecodeChargeRequest(std::string_view json, const std::string& idempotency_key);
std::string EncodeChargeResult(const ChargeResult& result);
ChargeResult DecodeChargeResult(std::string_view json);

std::string EncodeRefundIntent(const RefundIntent& intent);
RefundIntent DecodeRefundIntent(std::string_view json, const std::string& idempotency_key);
std::string EncodeRefundResult(const RefundResult& result);
RefundResult DecodeRefundResult(std::string_view json);

}  // namespace sagashop::payment
