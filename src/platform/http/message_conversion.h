#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>

#include "platform/http/request.h"
#include "platform/http/response.h"

namespace sagashop::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Decodes the target (path and query), lower-cases header names and joins repeated headers with
// ", " as RFC 9110 allows. Returns nullopt when the target is not an origin-form path ("/x?y").
std::optional<Request> FromBeast(BeastRequest&& message);

// What a client received: status, Content-Type, every header as sent, and the body.
Response FromBeast(BeastResponse&& message);

// Adds the server's fixed headers (Server, Content-Type, Content-Length; no Date, so responses are
// deterministic). The server owns framing, and Content-Type comes from `response.content_type`:
// Content-Length, Transfer-Encoding, Connection and Content-Type in `response.headers` are ignored.
BeastResponse ToBeast(const Response& response, unsigned version, bool keep_alive);

}  // namespace sagashop::http
