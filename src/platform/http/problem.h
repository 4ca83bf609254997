#pragma once

#include <chrono>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "platform/http/response.h"

namespace sagashop::http {

// An RFC 9457 problem detail. `type` empty means "about:blank", whose `title` is the status's
// reason phrase; `field` names the request field at fault, if one is.
struct Problem {
  int status = 500;
  std::string title;
  std::string detail;
  std::string field;
  std::string type;
};

// Handlers throw this to answer with a problem; the server turns it into the response. Anything
// else a handler throws becomes a generic 500.
class ProblemError : public std::exception {
 public:
  explicit ProblemError(Problem problem) : problem_(std::move(problem)) {}

  const Problem& GetProblem() const { return problem_; }
  const char* what() const noexcept override { return problem_.detail.c_str(); }

 private:
  Problem problem_;
};

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// `application/problem+json` with members type, title, status, detail and, when a field is named,
// "invalid-params": [{"name": field, "reason": detail}] as in RFC 9457's example.
Response ToResponse(const Problem& problem);

// The standard reason phrase of `status` (RFC 9110), "" for a status it does not define.
std::string_view ReasonPhrase(int status);

// A problem of `status` titled with its reason phrase.
Problem MakeProblem(int status, std::string detail, std::string field = {});

Problem BadRequest(std::string field, std::string detail);
Problem NotFound(std::string detail);
Problem Conflict(std::string detail);
Problem UnprocessableContent(std::string detail);
Problem PayloadTooLarge(std::string detail);

// 503 with `Retry-After` in whole seconds: the server is up but turns this request away for now
// (overload); nothing was done, so the same request may be sent again after that time.
Response UnavailableResponse(std::string detail, std::chrono::seconds retry_after);

}  // namespace sagashop::http
