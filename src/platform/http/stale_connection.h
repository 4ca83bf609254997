#pragma once

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace sagashop::http {

// How a server's close of an idle kept-alive connection shows on the client's next use of it:
// the request never reached the server, so it may be sent again on a new connection. Over TLS the
// server's close comes without close_notify (see Connection::LingeringClose), which OpenSSL
// reports as a truncated stream.
inline bool LooksLikeClosedIdleConnection(const boost::beast::error_code& ec) {
  namespace net = boost::asio;
  return ec == boost::beast::http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::connection_aborted || ec == net::error::not_connected ||
         ec == net::ssl::error::stream_truncated;
}

}  // namespace sagashop::http
