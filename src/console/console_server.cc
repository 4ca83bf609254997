#include "console/console_server.h"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "console/console_files.h"
#include "console/forwarded_target.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"

namespace sagashop::console {
namespace {

// The page runs only its own scripts and talks only to its own origin; no other site may frame it.
// The token travels in the fragment, which is never sent, and the page's address in no Referer.
void AddPageHeaders(http::Response& response) {
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
      "frame-ancestors 'none'; form-action 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-cache");
}

http::Response FileResponse(std::string_view name) {
  const EmbeddedFile* file = FindEmbeddedFile(ConsoleFiles(), name);
  if (file == nullptr) {
    throw http::ProblemError(http::NotFound("the console has no file " + std::string(name)));
  }
  http::Response response;
  response.status = 200;
  response.content_type = std::string(ContentTypeOf(file->name));
  response.body = std::string(file->content);
  AddPageHeaders(response);
  return response;
}

}  // namespace

ConsoleServer::ConsoleServer(const ConsoleConfig& config)
    : gateway_(config.gateway),
      server_(std::make_unique<http::Server>(config.http, MakeRouter())) {}

ConsoleServer::~ConsoleServer() {
  Stop();
}

void ConsoleServer::Start() {
  server_->Start();
}

void ConsoleServer::Stop() {
  server_->Stop();
}

std::uint16_t ConsoleServer::Port() const {
  return server_->Port();
}

http::Router ConsoleServer::MakeRouter() {
  http::Router router;
  router.Add("GET", "/", [](const http::Request&) { return FileResponse("index.html"); });
  router.Add("GET", "/assets/{file}",
             [](const http::Request& request) { return FileResponse(request.path_params.at(0)); });
  boost::json::array services;
  for (const std::string& service : gateway_.Services()) services.emplace_back(service);
  router.Add("GET", "/console.json",
             [answer = http::JsonResponse(200, boost::json::object{{"services", services}})](
                 const http::Request&) { return answer; });
  for (const char* method : {"GET", "POST", "PUT"}) {
    router.AddDeferred(method, "/api/{service}/{path...}",
                       [this](const http::Request& request, http::Responder respond) {
                         const std::string& service = request.path_params.at(0);
                         if (!gateway_.Knows(service)) {
                           return respond(http::ToResponse(
                               http::NotFound("the console reaches no service named " + service)));
                         }
                         gateway_.Forward(request, service,
                                          ForwardedTarget(request.path_params.at(1), request.query),
                                          std::move(respond));
                       });
  }
  return router;
}

}  // namespace sagashop::console
