#include "platform/http/problem.h"

#include <boost/json.hpp>

#include "platform/core/utf8.h"

namespace sagashop::http {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "";
  }
}

Response ToResponse(const Problem& problem) {
  boost::json::object body;
  body["type"] = problem.type.empty() ? "about:blank" : problem.type;
  body["title"] = problem.title.empty() ? std::string(ReasonPhrase(problem.status)) : problem.title;
  body["status"] = problem.status;
  // A detail may quote what the client sent (a path segment, cut at 40 bytes): JSON must be UTF-8,
  // and the serializer writes a string's bytes as they are.
  const std::string detail = ToStorableText(problem.detail);
  if (!detail.empty()) body["detail"] = detail;
  if (!problem.field.empty()) {
    body["invalid-params"] = boost::json::array{
        boost::json::object{{"name", ToStorableText(problem.field)}, {"reason", detail}}};
  }
  Response response;
  response.status = problem.status;
  response.content_type = std::string(kProblemContentType);
  response.body = boost::json::serialize(body);
  return response;
}

Problem MakeProblem(int status, std::string detail, std::string field) {
  return Problem{
      status, std::string(ReasonPhrase(status)), std::move(detail), std::move(field), {}};
}

Problem BadRequest(std::string field, std::string detail) {
  return MakeProblem(400, std::move(detail), std::move(field));
}
Problem NotFound(std::string detail) {
  return MakeProblem(404, std::move(detail));
}
Problem Conflict(std::string detail) {
  return MakeProblem(409, std::move(detail));
}
Problem UnprocessableContent(std::string detail) {
  return MakeProblem(422, std::move(detail));
}
Problem PayloadTooLarge(std::string detail) {
  return MakeProblem(413, std::move(detail));
}

Response UnavailableResponse(std::string detail, std::chrono::seconds retry_after) {
  Response response = ToResponse(MakeProblem(503, std::move(detail)));
  response.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
  return response;
}

}  // namespace sagashop::http
