#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "platform/core/embedded_file.h"
#include "platform/http/router.h"

namespace sagashop::api {

// The OpenAPI 3.1 document of the four services' HTTP APIs, api/openapi.json as it was built in.
// Every operation carries one tag: the service that serves it ("order", "payment", "inventory",
// "delivery"), or "operations" for the routes every service has (probes, metrics, this document).
std::string_view OpenApiText();
// api/ as CMake compiled it in (src/api/CMakeLists.txt): openapi.json.
std::span<const EmbeddedFile> OpenApiFiles();

// The document as `service` serves it at GET /openapi.json: its own operations and the
// "operations" ones, with a server relative to where the document was fetched (the service
// itself). Throws std::invalid_argument when the built-in document is not an OpenAPI object.
boost::json::object OpenApiFor(std::string_view service);

// The (method, path) of every operation `document` describes, and whether it needs a bearer token
// (its own `security`, else the document's, names a scheme).
std::vector<http::Endpoint> DocumentedEndpoints(const boost::json::object& document);

}  // namespace sagashop::api
