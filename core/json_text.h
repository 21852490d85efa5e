// JSON text in, nlohmann::ordered_json out (the one JSON type of the project: members keep the
// order they were written in, and the wasm module carries one instantiation, not two), with no exceptions: a syntax error becomes an input_error
// that gives line and column.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "exact.h"
#include "result.h"

namespace starsheet {

/// Parses a whole JSON document; the error's `where` is empty and its message gives the place.
result<nlohmann::ordered_json> parse_json(std::string_view text);

/// The exact value of a JSON number (integers exactly, floats as the literal that was written).
rational exact_number(const nlohmann::ordered_json& number);

/// Serialises a report or pack deterministically (2-space indent, invalid UTF-8 replaced).
std::string dump_json(const nlohmann::ordered_json& value);

/// Appends a reference token to a JSON pointer, escaping "~" and "/".
std::string pointer_append(const std::string& pointer, std::string_view token);

}  // namespace starsheet
