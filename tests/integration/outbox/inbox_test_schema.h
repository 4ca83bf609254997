#pragma once

#include <array>
#include <string_view>

#include "platform/db/migration.h"
#include "platform/inbox/inbox_schema.h"

namespace sagashop::testing {

// What the inbox suites' handlers write to, one row per event applied.
inline constexpr std::string_view kEffectsTable =
    "CREATE TABLE effects (event_id TEXT NOT NULL, topic TEXT NOT NULL)";

// The inbox, the handlers' effects and the dead letters: a consuming service's tables.
inline constexpr std::array kInboxTestSchema = {
    db::Migration{1, "inbox", inbox::kInboxPostgres, inbox::kInboxSqlite},
    db::Migration{2, "effects", kEffectsTable, kEffectsTable},
    db::Migration{3, "dead letters", inbox::kDeadLettersPostgres, inbox::kDeadLettersSqlite},
};

}  // namespace sagashop::testing
