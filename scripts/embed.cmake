# Writes a C++ source holding INPUT's bytes as a char array (no raw-string length limits, no
# escaping problems), with default_rules_json() returning them (or FUNCTION declared in HEADER).
if(NOT DEFINED HEADER)
  set(HEADER default_rules.h)
endif()
if(NOT DEFINED FUNCTION)
  set(FUNCTION default_rules_json)
endif()
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){24})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\n#include \"${HEADER}\"\n\n"
  "namespace {\nconst char bytes[] = {\n${bytes}\n};\n}  // namespace\n\n"
  "std::string_view starsheet::${FUNCTION}() { return {bytes, sizeof bytes}; }\n")
