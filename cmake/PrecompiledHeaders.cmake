# Precompiled headers (docs/building.md): one per tree, built once by a target of its own and
# reused by every library and executable of the tree.
#
# A precompiled header serves only compiles with the macros it was built with, so the target that
# builds it carries, as usage requirements, the union of the compile definitions its headers'
# libraries bring, and every target that reuses it links it. A target that falls out of step
# compiles without it and says so (-Winvalid-pch): slower, still correct.

# What nearly every file parses: Boost.JSON, spdlog and fmt, and the standard library.
set(SAGASHOP_PRECOMPILED_HEADERS_COMMON
  <boost/json.hpp>
  <spdlog/spdlog.h>
  <algorithm>
  <chrono>
  <cstdint>
  <functional>
  <map>
  <memory>
  <mutex>
  <optional>
  <string>
  <string_view>
  <unordered_map>
  <variant>
  <vector>
)

# Adds `name`, which builds the precompiled header of `headers` with the usage requirements of
# the libraries that follow LIBRARIES.
function(sagashop_add_precompiled_header name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "HEADERS;LIBRARIES")
  add_library(${name} STATIC ${PROJECT_SOURCE_DIR}/cmake/precompiled.cc)
  target_link_libraries(${name} PUBLIC ${arg_LIBRARIES})
  target_compile_options(${name} PUBLIC $<$<CXX_COMPILER_ID:GNU>:-Winvalid-pch>)
  target_precompile_headers(${name} PRIVATE ${arg_HEADERS})
endfunction()

# Every library and executable of `directory` and below reuses the header `name` builds.
function(sagashop_reuse_precompiled_header directory name)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$" AND NOT target STREQUAL name)
      target_link_libraries(${target} PRIVATE ${name})
      target_precompile_headers(${target} REUSE_FROM ${name})
    endif()
  endforeach()
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    sagashop_reuse_precompiled_header(${subdirectory} ${name})
  endforeach()
endfunction()
