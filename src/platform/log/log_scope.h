#pragma once

#include <functional>

#include "platform/log/log_fields.h"

namespace sagashop::log {

// Fills in fields only when a line is actually written, e.g. the saga id, which needs the event's
// JSON parsed: at info level no line is written per message, so the parsing is never paid for.
using LogFieldsResolver = std::function<void(LogFields&)>;

// Sets the fields of every line this thread logs while the scope lives; a field the scope leaves
// empty is inherited from the enclosing scope. Scopes nest and must end in reverse order on the
// thread that made them (they are RAII owners on the stack, never moved or shared).
//
// The inbox consumer opens one per message it applies, the HTTP server one per request, and each
// thread a service starts one with the service's name, so that in one process hosting four
// services every line still names the right one.
class LogScope {
 public:
  explicit LogScope(LogFields fields, LogFieldsResolver resolve_later = {});
  ~LogScope();

  LogScope(const LogScope&) = delete;
  LogScope& operator=(const LogScope&) = delete;

 private:
  friend void Annotate(const LogFields& fields);
  friend LogFields CurrentLogFields();

  LogFields fields_;
  LogFieldsResolver resolve_later_;
  LogScope* parent_;
};

// Adds what has just become known (e.g. the order a request created) to the innermost scope, for
// the rest of its life; non-empty fields of `fields` replace the scope's own. Without a scope,
// does nothing.
void Annotate(const LogFields& fields);

// Everything the current scopes know, innermost first. What a formatter writes; and what a
// component captures when it starts a thread, for the thread's own scope (CaptureLogContext).
LogFields CurrentLogFields();
inline LogFields CaptureLogContext() {
  return CurrentLogFields();
}

}  // namespace sagashop::log
