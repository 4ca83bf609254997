#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "platform/db/sqlite/sqlite_config.h"

namespace sagashop::testing {

// A fresh directory under the system's temporary directory for one test's database files;
// removed with everything in it on destruction.
class SqliteTestDir {
 public:
  SqliteTestDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sagashop_sqlite_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~SqliteTestDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  SqliteTestDir(const SqliteTestDir&) = delete;
  SqliteTestDir& operator=(const SqliteTestDir&) = delete;

  const std::filesystem::path& Path() const { return path_; }

  db::SqliteConfig Config(const std::string& file = "test.db") const {
    db::SqliteConfig config;
    config.path = (path_ / file).string();
    return config;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace sagashop::testing
