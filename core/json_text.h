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

/// Parses a whole JSON document in time linear in its size. A syntax error has an empty `where`
/// and a message giving the place; a member written twice in one object is an error at that object.
result<nlohmann::ordered_json> parse_json(std::string_view text);

/// Whether `v` is a number. A number whose literal no double holds exactly (a 25-digit count,
/// "9900.000000000000001", "1e-400") is kept by parse_json as its literal text, so test with
/// this rather than `is_number()`.
bool is_number_literal(const nlohmann::ordered_json& v);

/// The exact value of a number (see is_number_literal): the decimal that was written.
rational exact_number(const nlohmann::ordered_json& number);

/// A compact text of `value` that depends only on its content: members in their order, strings
/// escaped as nlohmann does, numbers by their exact value (5, 5.0 and 5e0 alike). A pack read from
/// the pretty file (CLI) and from the page's minified copy has one canonical text, and one hash.
std::string canonical_text(const nlohmann::ordered_json& value);

/// A number as it was written, for messages.
std::string number_text(const nlohmann::ordered_json& number);

/// Serialises a report or pack deterministically (2-space indent, invalid UTF-8 replaced).
std::string dump_json(const nlohmann::ordered_json& value);

/// Appends a reference token to a JSON pointer, escaping "~" and "/".
std::string pointer_append(const std::string& pointer, std::string_view token);

}  // namespace starsheet
