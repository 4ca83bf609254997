#include "services/order/create_order_request.h"

#include <openssl/evp.h>

#include <cstdio>
#include <limits>

namespace sagashop::order {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

void ValidateIdempotencyKey(const std::string& key, const char* field) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) {
    throw FieldError(field, "must be 1 to 64 characters long");
  }
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) throw FieldError(field, "must be printable ASCII without spaces");
  }
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string PaymentMethodOf(const JsonFields& body) {
  std::string method =
      body.OptionalString("paymentMethod").value_or(std::string(kDefaultPaymentMethod));
  if (method.empty() || method.size() > 20) {
    throw FieldError("paymentMethod", "must be 1 to 20 characters long");
  }
  for (char c : method) {
    if (!((c >= 'A' && c <= 'Z') || c == '_')) {
      throw FieldError("paymentMethod", "must be upper-case letters and '_' (e.g. CARD)");
    }
  }
  return method;
}

}  // namespace

CreateOrderRequest ParseCreateOrderRequest(const JsonFields& body,
                                           std::optional<std::string> header_key) {
  CreateOrderRequest request;
  request.user_id = body.Int64InRange("userId", 1, kMaxId);
  request.product_id = body.Int64InRange("productId", 1, kMaxId);
  request.quantity = body.Int64InRange("quantity", 1, kMaxQuantity);
  request.amount = body.Int64InRange("amount", 1, kMaxAmount);
  request.address = body.Has("address") ? body.StringOfLength("address", 1, kMaxAddressLength)
                                        : std::string(kDefaultAddress);
  request.payment_method = PaymentMethodOf(body);

  std::optional<std::string> body_key = body.OptionalString("idempotencyKey");
  if (body_key) ValidateIdempotencyKey(*body_key, "idempotencyKey");
  if (header_key) {
    std::string key = ParseIdempotencyKeyHeader(*header_key);
    if (body_key && *body_key != key) {
      throw FieldError("idempotencyKey", "differs from the Idempotency-Key header");
    }
    request.idempotency_key = std::move(key);
  } else {
    request.idempotency_key = std::move(body_key);
  }
  return request;
}

std::string ParseIdempotencyKeyHeader(std::string_view value) {
  value = TrimSpaces(value);
  if (value.empty() || value.front() != '"') {
    std::string key(value);
    ValidateIdempotencyKey(key, "Idempotency-Key");
    return key;
  }
  // An RFC 8941 sf-string: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE.
  std::string key;
  std::size_t at = 1;
  for (;; ++at) {
    if (at >= value.size()) throw FieldError("Idempotency-Key", "has no closing quote");
    const char c = value[at];
    if (c == '"') break;
    if (c == '\\') {
      if (++at >= value.size() || (value[at] != '"' && value[at] != '\\')) {
        throw FieldError("Idempotency-Key", "may escape only '\"' and '\\'");
      }
    }
    key += value[at];
  }
  if (at + 1 != value.size()) {
    throw FieldError("Idempotency-Key", "must be one quoted string, with nothing after it");
  }
  ValidateIdempotencyKey(key, "Idempotency-Key");
  return key;
}

std::string CreateOrderRequest::Fingerprint() const {
  // Length-prefixed fields, so no two different requests serialize alike.
  std::string canonical;
  for (const std::string& field :
       {std::to_string(user_id), std::to_string(product_id), std::to_string(quantity),
        std::to_string(amount), address, payment_method}) {
    canonical += std::to_string(field.size());
    canonical += ':';
    canonical += field;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(std::size_t{length} * 2);
  char pair[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", digest[i]);
    hex += pair;
  }
  return hex;
}

}  // namespace sagashop::order
