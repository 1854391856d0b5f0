# Run by CMake at build time: -DIN=file -DOUT=file.cpp -DSYMBOL=name -DNAMESPACE=ns
# Writes a C++ file defining `std::string_view NAMESPACE::SYMBOL()` that answers IN's bytes.
cmake_minimum_required(VERSION 3.25)
file(READ "${IN}" content)
if(content MATCHES "\\)cwembed\"")
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )cwembed\"")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN}; do not edit.\n#include <string_view>\n\nnamespace ${NAMESPACE} {\nstd::string_view ${SYMBOL}() {\n  static constexpr std::string_view text = R\"cwembed(${content})cwembed\";\n  return text;\n}\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
