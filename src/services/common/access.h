#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "platform/http/request.h"

namespace sagashop::services {

// The scopes a token may hold (docs/security.md, Authorization). A token without either is a
// customer's: its subject is the user id whose orders, payments, reservations and deliveries it
// reaches.
inline constexpr std::string_view kOperatorScope = "ops";
inline constexpr std::string_view kInventoryWriteScope = "inventory:write";

// What the sender of one request may see and do, decided from the principal its bearer token
// proved. Without a principal (authentication turned off) everything is allowed, as before there
// were tokens.
//
// Another user's resource is answered as if it did not exist (404, or left out of a list), so a
// customer cannot learn which ids are taken; only an explicit request to act for another user
// (a body's userId, a userId filter) is refused with 403, because the client named that user
// itself.
class Access {
 public:
  explicit Access(const http::Request& request);

  // Authentication is off, or the token holds the operator scope.
  bool SeesEverything() const { return sees_everything_; }
  // The user a customer's token acts for; nullopt when it sees everything, or when its subject
  // is no user id (such a token reaches nothing of anyone's).
  std::optional<std::int64_t> User() const { return user_; }

  // Whether resources of `owner` are visible: to whoever sees everything, and to the owner. A
  // resource recorded before its owner was (`nullopt`) is visible to operators only.
  bool MaySee(std::optional<std::int64_t> owner) const;

  // Throws 403 unless the principal holds `scope` (or authentication is off).
  void RequireScope(std::string_view scope) const;
  // Throws 403 naming `field` unless the principal may act for `user_id`.
  void RequireActingFor(std::int64_t user_id, std::string_view field) const;

 private:
  std::optional<http::Principal> principal_;
  bool sees_everything_;
  std::optional<std::int64_t> user_;
};

}  // namespace sagashop::services
