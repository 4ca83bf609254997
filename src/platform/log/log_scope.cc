#include "platform/log/log_scope.h"

#include <utility>

namespace sagashop::log {
namespace {

thread_local LogScope* innermost = nullptr;

}  // namespace

LogScope::LogScope(LogFields fields, LogFieldsResolver resolve_later)
    : fields_(std::move(fields)), resolve_later_(std::move(resolve_later)), parent_(innermost) {
  innermost = this;
}

LogScope::~LogScope() {
  innermost = parent_;
}

void Annotate(const LogFields& fields) {
  if (innermost == nullptr) return;
  LogFields merged = fields;
  merged.FillFrom(innermost->fields_);
  innermost->fields_ = std::move(merged);
}

LogFields CurrentLogFields() {
  LogFields fields;
  for (const LogScope* scope = innermost; scope != nullptr; scope = scope->parent_) {
    fields.FillFrom(scope->fields_);
    if (scope->resolve_later_) {
      LogFields resolved;
      try {
        scope->resolve_later_(resolved);
      } catch (...) {
        // A line about a message that cannot be read still gets written, without these fields.
      }
      fields.FillFrom(resolved);
    }
  }
  return fields;
}

}  // namespace sagashop::log
