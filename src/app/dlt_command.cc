#include "app/dlt_command.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "app/dead_letter_json.h"
#include "app/service_database.h"
#include "platform/core/timestamp.h"
#include "platform/db/db_error.h"
#include "platform/inbox/dead_letter_store.h"

namespace sagashop::app {
namespace {

const std::vector<std::string>& AllServices() {
  static const std::vector<std::string> services = {"order", "payment", "inventory", "delivery"};
  return services;
}

// The selected services of the --target (all four unless one database was given with --db-uri),
// in the usual order; throws std::invalid_argument for an unknown one.
std::vector<std::string> SelectedServices(const Settings& settings,
                                          const DeadLetterSelection& selection) {
  for (const std::string& service : selection.services) {
    if (std::find(AllServices().begin(), AllServices().end(), service) == AllServices().end()) {
      throw std::invalid_argument("--service: unknown service '" + service +
                                  "' (order, payment, inventory or delivery)");
    }
  }
  if (selection.services.empty()) return settings.Services();
  std::vector<std::string> selected;
  for (const std::string& service : settings.Services()) {
    if (std::find(selection.services.begin(), selection.services.end(), service) !=
        selection.services.end()) {
      selected.push_back(service);
    }
  }
  return selected;
}

std::vector<inbox::DeadLetter> ListIn(const std::string& service, db::Database& database,
                                      const inbox::DeadLetterFilter& filter) {
  try {
    std::unique_ptr<db::Transaction> tx = database.Begin();
    std::vector<inbox::DeadLetter> dead_letters = inbox::DeadLetterStore(*tx).List(filter);
    tx->Commit();
    return dead_letters;
  } catch (const db::DbError& error) {
    // Most likely a database the service has not migrated yet (it does when it starts).
    throw std::runtime_error("the " + service + " database: " + error.what());
  }
}

// One line, for a table cell.
std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

void PrintTable(const std::vector<inbox::DeadLetter>& dead_letters, std::ostream& out) {
  const std::vector<std::string> header = {"ID",       "STATUS",    "TOPIC", "TYPE",
                                           "ATTEMPTS", "PARKED AT", "ERROR"};
  std::vector<std::vector<std::string>> rows;
  rows.reserve(dead_letters.size());
  for (const inbox::DeadLetter& dead_letter : dead_letters) {
    rows.push_back({dead_letter.Name(), StatusWord(dead_letter.status), dead_letter.topic,
                    OneLine(dead_letter.event_type), std::to_string(dead_letter.attempts),
                    dead_letter.parked_at, OneLine(dead_letter.error)});
  }
  std::vector<std::size_t> widths;
  widths.reserve(header.size());
  for (const std::string& title : header) widths.push_back(title.size());
  for (const auto& row : rows) {
    for (std::size_t i = 0; i + 1 < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  auto print = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      out << cells[i];
      if (i + 1 < cells.size()) out << std::string(widths[i] - cells[i].size() + 2, ' ');
    }
    out << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
  std::map<std::string, int> by_status;
  for (const inbox::DeadLetter& dead_letter : dead_letters) {
    ++by_status[StatusWord(dead_letter.status)];
  }
  out << dead_letters.size() << " dead letter(s)";
  for (const auto& [status, count] : by_status) out << ", " << count << " " << status;
  out << "\n";
}

// A dead letter named on the command line, and what became of it.
struct ReplayTarget {
  std::string name;
  std::int64_t id = 0;
  bool requested = false;
  std::string problem;  // why it was not requested
  std::optional<inbox::DeadLetter> replayed;
};

// Marks the targets of one service REPLAY_REQUESTED in one transaction and wakes its replayer.
void RequestReplays(db::Database& database, const std::string& service,
                    std::vector<ReplayTarget*>& targets) {
  std::unique_ptr<db::Transaction> tx = database.Begin();
  inbox::DeadLetterStore store(*tx);
  const std::string now = NowRfc3339();
  for (ReplayTarget* target : targets) {
    target->requested = store.RequestReplay(target->id, now);
    if (target->requested) continue;
    const std::optional<inbox::DeadLetter> found = store.Find(target->id);
    target->problem = found ? "is " + StatusWord(found->status) + ", not parked"
                            : "no such dead letter in the " + service + " database";
  }
  tx->Notify(inbox::DeadLetterChannel(service));
  tx->Commit();
}

// Waits until every requested target of one service is REPLAYED or `deadline` passes.
void AwaitReplays(db::Database& database, std::vector<ReplayTarget*>& targets,
                  std::chrono::steady_clock::time_point deadline) {
  while (true) {
    bool pending = false;
    {
      std::unique_ptr<db::Transaction> tx = database.Begin();
      inbox::DeadLetterStore store(*tx);
      for (ReplayTarget* target : targets) {
        if (!target->requested || target->replayed) continue;
        std::optional<inbox::DeadLetter> found = store.Find(target->id);
        if (found && found->status == inbox::DeadLetterStatus::kReplayed) {
          target->replayed = std::move(found);
        } else {
          pending = true;
        }
      }
      tx->Commit();
    }
    if (!pending || std::chrono::steady_clock::now() >= deadline) return;
    // The replayer reports through the database only; a short poll keeps the command responsive.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

int RunDltList(const Settings& settings, const DltListOptions& options, std::ostream& out) {
  inbox::DeadLetterFilter filter{.topic = options.selection.topic, .status = std::nullopt};
  if (!options.status.empty()) {
    filter.status = ParseStatusWord(options.status);
    if (!filter.status) {
      throw std::invalid_argument("--status must be parked, replay_requested or replayed");
    }
  }
  std::vector<inbox::DeadLetter> dead_letters;
  for (const std::string& service : SelectedServices(settings, options.selection)) {
    const std::unique_ptr<db::Database> database = OpenServiceDatabase(settings, service);
    for (inbox::DeadLetter& dead_letter : ListIn(service, *database, filter)) {
      dead_letters.push_back(std::move(dead_letter));
    }
  }
  std::stable_sort(dead_letters.begin(), dead_letters.end(),
                   [](const inbox::DeadLetter& a, const inbox::DeadLetter& b) {
                     return a.parked_at < b.parked_at;
                   });
  if (options.json) {
    boost::json::array array;
    for (const inbox::DeadLetter& dead_letter : dead_letters) {
      array.emplace_back(DeadLetterToJson(dead_letter));
    }
    out << boost::json::serialize(array) << "\n";
  } else {
    PrintTable(dead_letters, out);
  }
  return 0;
}

int RunDltReplay(const Settings& settings, const DltReplayOptions& options, std::ostream& out) {
  if (options.all == !options.names.empty()) {
    throw std::invalid_argument("dlt replay takes dead-letter ids (e.g. order-3) or --all");
  }
  const std::vector<std::string> services = SelectedServices(settings, options.selection);
  std::map<std::string, std::vector<ReplayTarget>> targets;  // by service
  std::vector<std::string> refused;
  for (const std::string& name : options.names) {
    const std::optional<inbox::DeadLetterName> parsed = inbox::ParseDeadLetterName(name);
    if (!parsed || std::find(AllServices().begin(), AllServices().end(), parsed->consumer) ==
                       AllServices().end()) {
      refused.push_back(name + ": not a dead-letter id (<service>-<number>, e.g. order-3)");
    } else if (std::find(services.begin(), services.end(), parsed->consumer) == services.end()) {
      refused.push_back(name + ": not of the selected --service or --target");
    } else {
      targets[parsed->consumer].push_back({.name = name, .id = parsed->id});
    }
  }

  std::map<std::string, std::unique_ptr<db::Database>> databases;
  for (const std::string& service : services) {
    if (!options.all && !targets.contains(service)) continue;
    std::unique_ptr<db::Database>& database = databases[service];
    database = OpenServiceDatabase(settings, service);
    if (options.all) {
      const std::vector<inbox::DeadLetter> parked =
          ListIn(service, *database,
                 {.topic = options.selection.topic, .status = inbox::DeadLetterStatus::kParked});
      for (const inbox::DeadLetter& dead_letter : parked) {
        targets[service].push_back({.name = dead_letter.Name(), .id = dead_letter.id});
      }
    }
  }

  std::map<std::string, std::vector<ReplayTarget*>> requested;
  for (auto& [service, list] : targets) {
    std::vector<ReplayTarget*> pointers;
    for (ReplayTarget& target : list) pointers.push_back(&target);
    RequestReplays(*databases.at(service), service, pointers);
    requested[service] = std::move(pointers);
  }
  const auto deadline = std::chrono::steady_clock::now() + options.wait;
  if (options.wait.count() > 0) {
    for (auto& [service, pointers] : requested) {
      AwaitReplays(*databases.at(service), pointers, deadline);
    }
  }

  int replayed = 0;
  int pending = 0;
  std::size_t problems = refused.size();
  for (const std::string& problem : refused) out << problem << "\n";
  for (auto& [service, list] : targets) {
    for (const ReplayTarget& target : list) {
      if (!target.requested) {
        ++problems;
        out << target.name << ": " << target.problem << "\n";
      } else if (target.replayed) {
        ++replayed;
        out << target.name << ": replayed to " << target.replayed->topic << " (event "
            << target.replayed->event_id << ")\n";
      } else {
        ++pending;
        out << target.name << ": replay requested; the " << service
            << " service publishes it when it runs\n";
      }
    }
  }
  if (targets.empty() && refused.empty()) out << "nothing to replay\n";
  out << "dlt replay: " << replayed << " replayed, " << pending << " requested and not yet replayed"
      << (options.wait.count() > 0 ? " within " + std::to_string(options.wait.count()) + " s" : "")
      << "\n";
  const bool waited_in_vain = options.wait.count() > 0 && pending > 0;
  return problems == 0 && !waited_in_vain ? 0 : 1;
}

}  // namespace sagashop::app
