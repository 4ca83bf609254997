# sagashop_embed_files(OUTPUT <file.cc> NAMESPACE <namespace> FUNCTION <name> BASE_DIR <dir>
#                      FILES <paths relative to BASE_DIR>...)
#
# Writes OUTPUT, a source defining `std::span<const sagashop::EmbeddedFile> <namespace>::<name>()`
# (src/platform/core/embedded_file.h): the bytes of each file, by its relative path, compiled into
# the binary so that it serves them with nothing to install beside it. The files are read when
# CMake runs; changing one reruns CMake (CMAKE_CONFIGURE_DEPENDS), which writes OUTPUT again.
function(sagashop_embed_files)
  cmake_parse_arguments(EMBED "" "OUTPUT;NAMESPACE;FUNCTION;BASE_DIR" "FILES" ${ARGN})
  file(RELATIVE_PATH source_dir ${PROJECT_SOURCE_DIR} ${EMBED_BASE_DIR})
  set(arrays "")
  set(entries "")
  set(index 0)
  list(LENGTH EMBED_FILES count)
  foreach(name IN LISTS EMBED_FILES)
    set(path ${EMBED_BASE_DIR}/${name})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${path})
    file(READ ${path} hex HEX)
    string(LENGTH "${hex}" hex_length)
    math(EXPR size "${hex_length} / 2")
    # Bytes, not a string literal: any content is safe, and a final 0 keeps an empty file's
    # array legal.
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
    string(APPEND arrays "constexpr unsigned char kFile${index}[] = {${bytes}0};\n")
    string(APPEND entries
           "      {\"${name}\", {reinterpret_cast<const char*>(kFile${index}), ${size}}},\n")
    math(EXPR index "${index} + 1")
  endforeach()
  file(CONFIGURE OUTPUT ${EMBED_OUTPUT} @ONLY CONTENT [=[
// Written by CMake (cmake/EmbedFiles.cmake) from the files of @source_dir@/; edit those.
#include <array>
#include <span>

#include "platform/core/embedded_file.h"

namespace @EMBED_NAMESPACE@ {
namespace {
@arrays@
}  // namespace

std::span<const sagashop::EmbeddedFile> @EMBED_FUNCTION@() {
  static const std::array<sagashop::EmbeddedFile, @count@> files = {{
@entries@  }};
  return files;
}

}  // namespace @EMBED_NAMESPACE@
]=])
endfunction()
