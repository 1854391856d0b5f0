# Run by CMake at build time: -DDIST=dir -DOUT=file.cpp
# Gzips (gzip -9n: no name, no time stamp, so the output is reproducible) every file under DIST
# once and writes a C++ file with their bytes and the table web_assets.cpp reads
# (see web_assets.hpp). Paths are relative to DIST with a leading slash: "/index.html".
cmake_minimum_required(VERSION 3.25)
find_program(GZIP gzip REQUIRED)
if(NOT EXISTS "${DIST}/index.html")
  message(FATAL_ERROR "${DIST}/index.html is missing: build the web application first (make web)")
endif()
file(GLOB_RECURSE files RELATIVE "${DIST}" "${DIST}/*")
list(SORT files)
set(arrays "")
set(table "")
set(index 0)
foreach(rel IN LISTS files)
  execute_process(COMMAND ${GZIP} -9nc "${DIST}/${rel}" OUTPUT_FILE "${OUT}.gz"
                  RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip failed on ${DIST}/${rel}")
  endif()
  file(READ "${OUT}.gz" hex HEX)
  file(SIZE "${DIST}/${rel}" raw_size)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # Line breaks every 32 bytes keep the generated file readable by editors and compilers.
  string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
  string(APPEND arrays "alignas(8) const unsigned char file${index}[] = {\n${bytes}};\n")
  string(APPEND table "    {\"/${rel}\", {reinterpret_cast<const char*>(file${index}), ${size}}, ${raw_size}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(REMOVE "${OUT}.gz")
file(WRITE "${OUT}.tmp" "// Generated from ${DIST} by embed_web.cmake; do not edit.
#include \"http/web_assets.hpp\"

namespace cw::http {
namespace {
${arrays}
const EmbeddedWebFile files[] = {
${table}};
}  // namespace

std::span<const EmbeddedWebFile> embedded_web_files() { return files; }
}  // namespace cw::http
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
