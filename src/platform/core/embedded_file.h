#pragma once

#include <algorithm>
#include <span>
#include <string_view>

namespace sagashop {

// A file compiled into the binary (cmake/EmbedFiles.cmake): its path relative to the folder it
// came from, and its bytes.
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

// The file named `name`, or null.
inline const EmbeddedFile* FindEmbeddedFile(std::span<const EmbeddedFile> files,
                                            std::string_view name) {
  const auto found = std::ranges::find(files, name, &EmbeddedFile::name);
  return found == files.end() ? nullptr : &*found;
}

}  // namespace sagashop
