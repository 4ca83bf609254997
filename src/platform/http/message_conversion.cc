#include "platform/http/message_conversion.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

namespace sagashop::http {
namespace http = boost::beast::http;

namespace {

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool IsFramingHeader(std::string_view name) {
  const std::string lower = Lowercase(name);
  return lower == "content-length" || lower == "transfer-encoding" || lower == "connection" ||
         lower == "content-type";
}

}  // namespace

std::optional<Request> FromBeast(BeastRequest&& message) {
  auto target = boost::urls::parse_origin_form(
      std::string_view(message.target().data(), message.target().size()));
  if (!target) return std::nullopt;

  Request request;
  request.method = std::string(message.method_string());
  request.path = target->path();
  for (const auto& param : target->params()) {
    request.query.emplace(param.key, param.value);  // the first of repeated keys wins
  }
  for (const auto& field : message) {
    auto [it, inserted] =
        request.headers.emplace(Lowercase(field.name_string()), std::string(field.value()));
    if (!inserted) it->second.append(", ").append(field.value());
  }
  request.body = std::move(message.body());
  return request;
}

BeastResponse ToBeast(const Response& response, unsigned version, bool keep_alive) {
  BeastResponse message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  message.set(http::field::server, "sagashop");
  for (const auto& [name, value] : response.headers) {
    if (!IsFramingHeader(name)) message.insert(name, value);
  }
  message.keep_alive(keep_alive);
  // RFC 9110 forbids a body, and Content-Length, on 204 and 304.
  if (response.status == 204 || response.status == 304) return message;
  message.set(http::field::content_type, response.content_type);
  message.body() = response.body;
  message.prepare_payload();
  return message;
}

Response FromBeast(BeastResponse&& message) {
  Response response;
  response.status = static_cast<int>(message.result_int());
  response.content_type = std::string(message[boost::beast::http::field::content_type]);
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(message.body());
  return response;
}

}  // namespace sagashop::http
