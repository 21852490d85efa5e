// Input errors for people: an input_error that carries a message key (its args filled in) is
// shown in the user's language from the rule pack's messages, the field it is about named by
// its label ("准时送达订单数"), its JSON pointer kept apart for small type. Numbers in the args
// are grouped ("13,105") where the error is made.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "result.h"
#include "rules.h"

namespace starsheet {

/// An input error in one language.
struct localized_error {
  std::string key;      ///< the message id ("" when the error has none: its English message is shown)
  std::string field;    ///< the label of the field it is about ("准时送达订单数"), or ""
  std::string pointer;  ///< where it is in the document ("/measures/orders_on_time"), or ""
  std::string message;  ///< the sentence about the field, without the field
  std::string row;      ///< the row of a table it is in ("12"), or ""
};

/// The error in `language`. An error with no key, or a key the pack lacks, keeps its English
/// message and no field label (it reads "pointer: message" as before). Args whose name ends in
/// "field" hold a pointer and are shown as its label; the arg "expected" holds a message key
/// (filled with the other args); "got_kind" says what kind of JSON value "got" is ("string",
/// "boolean", "array", "object"; a number has none). An error in a row of a table (a filled
/// measures template) has the args "row" and, when it is about a field, "pointer": its `where`
/// is then the English "row N" of the log line.
localized_error localize(const input_error& e, const rule_pack& pack, lang language);

/// One line: "label: message" (with_pointer: "label (pointer): message"); the pointer stands in
/// for a field with no label; the message alone when there is neither; "row N: " before it all
/// when the error is in a table's row.
std::string error_line(const localized_error& e, const rule_pack& pack, lang language, bool with_pointer);

/// localize + error_line with the pointer: for a terminal.
std::string describe(const input_error& e, const rule_pack& pack, lang language);

/// {"message": the line without the pointer, "field", "pointer", "text": the sentence without the
/// field (beside a form's own field), "key"}: what the page shows.
nlohmann::ordered_json error_json(const input_error& e, const rule_pack& pack, lang language);

/// The label of the field at `pointer` in `language`: a measure's label, an item of a list
/// measure, a what-if's indicator, a part of the period; "" when the pack names none.
std::string field_label(std::string_view pointer, const rule_pack& pack, lang language);

/// A plain decimal with its whole part grouped by threes ("13105" → "13,105", "-1234.5" →
/// "-1,234.5"); anything else (an exponent, a word) unchanged.
std::string grouped(std::string_view number);

/// rational → grouped plain decimal (exact: as many decimals as it has, up to 12).
std::string grouped(const rational& number);

/// Adds "got" (and "got_kind" for a value that is not a number) describing `value` to `e`.
void add_got(input_error& e, const nlohmann::ordered_json& value);

/// The message keys input errors use; a rule pack must define them all, in zh and en.
const std::vector<std::string>& error_message_keys();

}  // namespace starsheet
