#include "api/openapi_document.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <cctype>
#include <set>
#include <stdexcept>
#include <string>

namespace sagashop::api {
namespace {

// The keys of a path item that are operations (OpenAPI 3.1 §4.8.9).
constexpr std::array<std::string_view, 8> kMethods = {"get",  "put",     "post",  "delete",
                                                      "head", "options", "patch", "trace"};

bool IsMethod(std::string_view key) {
  return std::find(kMethods.begin(), kMethods.end(), key) != kMethods.end();
}

bool TaggedWith(const boost::json::object& operation, std::string_view tag) {
  const boost::json::value* tags = operation.if_contains("tags");
  if (tags == nullptr || !tags->is_array()) return false;
  return std::any_of(
      tags->as_array().begin(), tags->as_array().end(),
      [&](const boost::json::value& each) { return each.is_string() && each.as_string() == tag; });
}

// Whether a `security` array asks for anything: [] and [{}] let everyone in.
bool NamesAScheme(const boost::json::value& security) {
  if (!security.is_array()) return false;
  return std::any_of(security.as_array().begin(), security.as_array().end(),
                     [](const boost::json::value& requirement) {
                       return requirement.is_object() && !requirement.as_object().empty();
                     });
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

}  // namespace

std::string_view OpenApiText() {
  return OpenApiFiles().front().content;
}

boost::json::object OpenApiFor(std::string_view service) {
  boost::json::value parsed = boost::json::parse(OpenApiText());
  if (!parsed.is_object() || !parsed.as_object().contains("paths")) {
    throw std::invalid_argument("the built-in API document is not an OpenAPI object");
  }
  boost::json::object document = std::move(parsed.as_object());
  boost::json::object kept_paths;
  std::set<std::string> used_tags;
  for (auto& [path, item] : document.at("paths").as_object()) {
    boost::json::object kept;
    for (auto& [key, value] : item.as_object()) {
      // The repository's document says per path which service serves it; served by that
      // service, the path is relative to it like every other.
      if (key == "servers") continue;
      if (!IsMethod(key)) {
        kept.emplace(key, value);  // parameters, summary, ... shared by the item's operations
        continue;
      }
      boost::json::object operation = value.as_object();
      operation.erase("servers");
      for (std::string_view tag : {service, std::string_view("operations")}) {
        if (TaggedWith(operation, tag)) {
          kept.emplace(key, operation);
          used_tags.emplace(tag);
          break;
        }
      }
    }
    if (std::any_of(kept.begin(), kept.end(),
                    [](const auto& entry) { return IsMethod(entry.key()); })) {
      kept_paths.emplace(path, std::move(kept));
    }
  }
  document["paths"] = std::move(kept_paths);
  if (boost::json::value* tags = document.if_contains("tags");
      tags != nullptr && tags->is_array()) {
    boost::json::array kept_tags;
    for (const boost::json::value& tag : tags->as_array()) {
      const boost::json::value* name =
          tag.is_object() ? tag.as_object().if_contains("name") : nullptr;
      if (name != nullptr && name->is_string() &&
          used_tags.contains(std::string(name->as_string()))) {
        kept_tags.push_back(tag);
      }
    }
    *tags = std::move(kept_tags);
  }
  document["servers"] = boost::json::array{boost::json::object{
      {"url", "/"},
      {"description", "the " + std::string(service) + " service that served this document"}}};
  return document;
}

std::vector<http::Endpoint> DocumentedEndpoints(const boost::json::object& document) {
  const boost::json::value* global = document.if_contains("security");
  const bool secured_by_default = global != nullptr && NamesAScheme(*global);
  std::vector<http::Endpoint> endpoints;
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [key, value] : item.as_object()) {
      if (!IsMethod(key)) continue;
      const boost::json::value* own = value.as_object().if_contains("security");
      endpoints.push_back({Upper(key), std::string(path),
                           own != nullptr ? NamesAScheme(*own) : secured_by_default});
    }
  }
  return endpoints;
}

}  // namespace sagashop::api
