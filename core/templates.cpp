#include "templates.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "csv_reader.h"
#include "json_text.h"
#include "period.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

// --- loading the template rules --------------------------------------------------------------

std::string got(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

struct loader {
  std::optional<input_error> error;

  bool fail(std::string where, std::string message) {
    if (!error) error = input_error{std::move(where), std::move(message)};
    return false;
  }
  const json* member(const json& obj, const char* key, const std::string& at) {
    if (error) return nullptr;
    if (!obj.is_object()) return fail(at, "expected an object, got " + got(obj)), nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) return fail(pointer_append(at, key), "required member is missing"), nullptr;
    return &*it;
  }
  std::string string_of(const json& v, const std::string& at) {
    if (error) return {};
    if (!v.is_string() || v.get_ref<const std::string&>().empty())
      return fail(at, "expected a non-empty string, got " + got(v)), std::string();
    return v.get<std::string>();
  }
  std::string string(const json& obj, const char* key, const std::string& at) {
    const json* v = member(obj, key, at);
    return v ? string_of(*v, pointer_append(at, key)) : std::string();
  }
  text bilingual_of(const json& v, const std::string& at) {
    text t;
    if (error) return t;
    if (!v.is_object()) return fail(at, "expected an object with zh and en texts, got " + got(v)), t;
    t.zh = string(v, "zh", at);
    t.en = string(v, "en", at);
    return t;
  }
  text bilingual(const json& obj, const char* key, const std::string& at) {
    const json* v = member(obj, key, at);
    return v ? bilingual_of(*v, pointer_append(at, key)) : text{};
  }
  // A text with a placeholder both languages must carry.
  text with_placeholder(const json& obj, const char* key, const std::string& at, const char* placeholder) {
    text t = bilingual(obj, key, at);
    if (error) return t;
    for (const auto* s : {&t.zh, &t.en})
      if (s->find(placeholder) == std::string::npos)
        fail(pointer_append(pointer_append(at, key), s == &t.zh ? "zh" : "en"),
             fmt::format("the text must contain {}", placeholder));
    return t;
  }
  // A notes text: it must start the way the importer recognises a notes row.
  text note(const json& obj, const std::string& at) {
    text t = bilingual(obj, "note", at);
    if (error) return t;
    if (t.zh.rfind("注", 0) != 0) fail(at + "/note/zh", "a notes text must start with 注");
    else if (t.en.rfind("Note", 0) != 0) fail(at + "/note/en", "a notes text must start with Note");
    return t;
  }
};

void read_record_template(loader& l, const json& doc, const std::string& at, template_rules::record_template& out) {
  out.sheet = l.bilingual(doc, "sheet", at);
  const json* sample = l.member(doc, "sample", at);
  if (sample) {
    std::string sat = at + "/sample";
    if (!sample->is_object() || sample->empty()) {
      l.fail(sat, "expected an object of field ids and sample values");
    } else {
      for (auto& [field, value] : sample->items()) {
        std::string fat = pointer_append(sat, field);
        text t;
        if (value.is_string()) t.zh = t.en = l.string_of(value, fat);
        else t = l.bilingual_of(value, fat);
        out.sample[field] = t;
      }
    }
  }
  out.note = l.note(doc, at);
}

void read_measures_template(loader& l, const json& doc, const std::string& at,
                            template_rules::measures_template& out) {
  out.sheet = l.bilingual(doc, "sheet", at);
  const json* columns = l.member(doc, "columns", at);
  static const std::vector<std::string> column_ids = {"measure", "label", "unit", "meaning", "value"};
  if (columns) {
    std::string cat = at + "/columns";
    if (!columns->is_array() || columns->size() != column_ids.size()) {
      l.fail(cat, "expected an array of the five columns measure, label, unit, meaning and value");
    } else {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < columns->size() && !l.error; ++i) {
        std::string iat = cat + "/" + std::to_string(i);
        const json& c = (*columns)[i];
        template_rules::column col;
        col.id = l.string(c, "id", iat);
        if (l.error) break;
        if (std::find(column_ids.begin(), column_ids.end(), col.id) == column_ids.end())
          l.fail(iat + "/id", fmt::format("unknown column \"{}\" (expected measure, label, unit, meaning or value)", col.id));
        else if (!seen.insert(col.id).second)
          l.fail(iat + "/id", fmt::format("column \"{}\" is listed twice", col.id));
        col.header = l.bilingual(c, "header", iat);
        if (c.is_object() && c.contains("synonyms")) {
          const json& syn = c["synonyms"];
          if (!syn.is_array()) l.fail(iat + "/synonyms", "expected an array of strings");
          for (std::size_t k = 0; !l.error && syn.is_array() && k < syn.size(); ++k)
            col.synonyms.push_back(l.string_of(syn[k], iat + "/synonyms/" + std::to_string(k)));
        }
        const json* width = l.member(c, "width", iat);
        if (width && (!width->is_number() || width->get<double>() <= 0 || width->get<double>() > 255))
          l.fail(iat + "/width", "expected a column width from 1 to 255 characters, got " + got(*width));
        else if (width)
          col.width = width->get<double>();
        out.columns.push_back(std::move(col));
      }
    }
  }
  const json* rows = l.member(doc, "rows", at);
  for (const char* key : {"provider", "period_kind", "period_start", "period_end"}) {
    if (!rows) break;
    std::string rat = pointer_append(at + "/rows", key);
    const json* row = l.member(*rows, key, at + "/rows");
    if (!row) break;
    out.row_labels[key] = l.bilingual(*row, "label", rat);
    out.row_meanings[key] = std::string(key) == "period_kind" ? l.with_placeholder(*row, "meaning", rat, "{kinds}")
                                                               : l.bilingual(*row, "meaning", rat);
  }
  const json* types = l.member(doc, "types", at);
  struct type_text {
    const char* name;
    std::vector<const char*> placeholders;
  };
  const std::vector<type_text> type_texts = {{"count", {}},    {"amount", {}},          {"positive", {}},
                                             {"fraction", {}}, {"level", {"{min}", "{max}"}}, {"set", {"{items}"}},
                                             {"amounts", {}}, {"choice", {"{items}"}}};
  for (const auto& t : type_texts) {
    if (!types || l.error) break;
    text value = l.bilingual(*types, t.name, at + "/types");
    for (const char* p : t.placeholders)
      if (!l.error && (value.zh.find(p) == std::string::npos || value.en.find(p) == std::string::npos))
        l.fail(pointer_append(at + "/types", t.name), fmt::format("both texts must contain {}", p));
    out.types[t.name] = value;
  }
  out.used_by = l.with_placeholder(doc, "used_by", at, "{indicators}");
  out.note = l.note(doc, at);
}

// --- UTF-8 text helpers --------------------------------------------------------------------

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Whitespace as spreadsheets leave it: ASCII, no-break space, ideographic space, a stray BOM.
std::size_t space_at(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (starts_with(s.substr(i), "\xC2\xA0")) return 2;
  if (starts_with(s.substr(i), "\xE3\x80\x80") || starts_with(s.substr(i), "\xEF\xBB\xBF")) return 3;
  return 0;
}

std::size_t space_before(std::string_view s, std::size_t end) {
  if (end == 0) return 0;
  unsigned char c = static_cast<unsigned char>(s[end - 1]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (end >= 2 && s.substr(end - 2, 2) == "\xC2\xA0") return 2;
  if (end >= 3 && (s.substr(end - 3, 3) == "\xE3\x80\x80" || s.substr(end - 3, 3) == "\xEF\xBB\xBF")) return 3;
  return 0;
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e) {
    std::size_t n = space_at(s, b);
    if (!n) break;
    b += n;
  }
  while (e > b) {
    std::size_t n = space_before(s.substr(0, e), e);
    if (!n) break;
    e -= n;
  }
  return s.substr(b, e - b);
}

// Full-width ASCII forms (U+FF01–U+FF5E: digits, '．', '，', '；', letters…) and the minus
// sign U+2212 as their ASCII characters.
std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size()) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
      unsigned cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
      if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 && cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFEE0);
        i += 3;
        continue;
      }
    }
    if (starts_with(s.substr(i), "\xE2\x88\x92")) {
      out += '-';
      i += 3;
      continue;
    }
    out += s[i++];
  }
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Columns a text takes on screen: East Asian wide characters count two.
double display_width(std::string_view s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += n >= 3 ? 2 : 1;  // three- and four-byte characters: CJK, full-width forms
    i += n;
  }
  return w;
}

bool has_cjk(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0xE0) return true;
  return false;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string replace_all(std::string s, std::string_view what, std::string_view with) {
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
    s.replace(at, what.size(), with);
  return s;
}

// --- reading values ------------------------------------------------------------------------

// A plain decimal as a JSON number literal: optional sign, digits with optional thousands
// separators in groups of three, optional fraction. nullopt when the text is anything else.
std::optional<std::string> decimal_literal(std::string_view s) {
  std::string sign;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') sign = "-";
    s.remove_prefix(1);
  }
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot), frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(frac)) return std::nullopt;
  std::string w;
  if (whole.find(',') != std::string_view::npos) {
    // 1–3 digits, then groups of exactly three: "12,480", never "12,5".
    std::size_t first = whole.find(',');
    if (first == 0 || first > 3) return std::nullopt;
    for (std::size_t at = 0; at <= whole.size();) {
      std::size_t next = whole.find(',', at);
      std::string_view group = whole.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at);
      if (!digits(group) || group.empty() || (at > 0 && group.size() != 3)) return std::nullopt;
      w += group;
      if (next == std::string_view::npos) break;
      at = next + 1;
    }
  } else {
    if (!digits(whole)) return std::nullopt;
    w = std::string(whole);
  }
  if (w.empty() && frac.empty()) return std::nullopt;
  std::size_t nz = w.find_first_not_of('0');
  w = nz == std::string::npos ? "0" : w.substr(nz);
  return sign + w + (frac.empty() ? "" : "." + std::string(frac));
}

// The text with a trailing unit removed (either language's, as the template prints it).
std::string_view without_unit(std::string_view s, const text& unit) {
  for (const std::string* u : {&unit.zh, &unit.en}) {
    if (u->empty()) continue;
    std::string folded = fold_width(*u);
    if (s.size() > folded.size() && lower_ascii(s.substr(s.size() - folded.size())) == lower_ascii(folded))
      return trim(s.substr(0, s.size() - folded.size()));
  }
  return s;
}

// Splits on any of the separators (ASCII after fold_width, plus 、 and line breaks).
std::vector<std::string_view> split_list(std::string_view s, std::string_view ascii_separators) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size();) {
    std::size_t sep = 0;
    if (i == s.size()) sep = 1;
    else if (ascii_separators.find(s[i]) != std::string_view::npos || s[i] == '\n' || s[i] == '\r') sep = 1;
    else if (starts_with(s.substr(i), "、")) sep = 3;
    if (!sep) {
      ++i;
      continue;
    }
    std::string_view item = trim(s.substr(start, i - start));
    if (!item.empty()) out.push_back(item);
    i += sep;
    start = i;
  }
  return out;
}

std::string json_string(std::string_view s) { return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace); }

// civil_from_days (Howard Hinnant): days since 1970-01-01 to YYYY-MM-DD.
std::string iso_date(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

// A date as spreadsheets write it — 2026-10-01, 2026/10/1, 2026.10.1, 2026年10月1日, with a
// midnight time after it, or an Excel serial day number — as YYYY-MM-DD; anything else is
// returned as written (parse_period then says what is wrong with it).
std::string read_date(std::string_view written) {
  std::string s = fold_width(written);
  std::string_view v = s;
  if (std::size_t sp = v.find_first_of(" T"); sp != std::string_view::npos) {
    std::string_view time = trim(v.substr(sp + 1));
    if (!time.empty() && time.find_first_not_of("0:.") == std::string_view::npos) v = trim(v.substr(0, sp));
  }
  if (!v.empty() && v.size() <= 5 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long serial = std::stol(std::string(v));
    if (serial >= 20000 && serial <= 80000) return iso_date(serial - 25569);  // 1899-12-30 is day 0
  }
  std::vector<long> parts;
  std::string digits;
  std::string_view rest = v;
  while (!rest.empty()) {
    char c = rest[0];
    if (c >= '0' && c <= '9') {
      digits += c;
      rest.remove_prefix(1);
      continue;
    }
    std::size_t sep = (c == '-' || c == '/' || c == '.') ? 1
                      : (starts_with(rest, "年") || starts_with(rest, "月") || starts_with(rest, "日")) ? 3
                                                                                                       : 0;
    if (!sep || digits.empty() || digits.size() > 4) return std::string(written);
    parts.push_back(std::stol(digits));
    digits.clear();
    rest.remove_prefix(sep);
  }
  if (!digits.empty()) {
    if (digits.size() > 4) return std::string(written);
    parts.push_back(std::stol(digits));
  }
  if (parts.size() != 3 || parts[0] < 1000 || parts[1] > 99 || parts[2] > 99) return std::string(written);
  std::string iso = fmt::format("{:04}-{:02}-{:02}", parts[0], parts[1], parts[2]);
  return parse_iso_date(iso) ? iso : std::string(written);
}

// --- building templates --------------------------------------------------------------------

using xlsx::text_cell;

bool formula_reads(const formula& f, const std::string& p) {
  for (const auto* s : {&f.numerator, &f.denominator, &f.before, &f.after, &f.total, &f.count, &f.measure})
    if (*s == p) return true;
  for (const auto& g : f.groups)
    if (g.total == p || g.count == p || g.benchmark == p) return true;
  return false;
}

std::string_view type_name(measure_type t) {
  switch (t) {
    case measure_type::count: return "count";
    case measure_type::amount: return "amount";
    case measure_type::fraction: return "fraction";
    case measure_type::level: return "level";
    case measure_type::set: return "set";
    case measure_type::positive: return "positive";
    case measure_type::amounts: return "amounts";
    case measure_type::choice: return "choice";
  }
  return "count";
}

std::string meaning_of(const measure_rule& m, lang l, const template_rules& t, const rule_pack& pack) {
  const std::string sep = l == lang::zh ? "、" : ", ";
  std::string s = t.measures.types.at(std::string(type_name(m.type))).in(l);
  if (m.type == measure_type::level) {
    s = replace_all(s, "{min}", m.min ? m.min->str() : "");
    s = replace_all(s, "{max}", m.max ? m.max->str() : "");
  }
  if (m.type == measure_type::set || m.type == measure_type::choice) {
    std::string items;
    for (const auto& a : m.allowed)
      items += (items.empty() ? "" : sep) + a.id + (l == lang::zh ? "（" + a.label.zh + "）" : " (" + a.label.en + ")");
    s = replace_all(s, "{items}", items);
  }
  std::string used;
  for (const auto& ind : pack.indicators)
    if (formula_reads(ind.calc, m.pointer)) used += (used.empty() ? "" : sep) + ind.label.in(l);
  if (!used.empty()) s += (l == lang::zh ? "；" : "; ") + replace_all(t.measures.used_by.in(l), "{indicators}", used);
  return s;
}

// The keys of the rows above the measures: pointers into the period document.
struct fixed_row {
  const char* key;
  const char* pointer;
};
constexpr fixed_row fixed_rows[] = {{"provider", "/provider"},
                                    {"period_kind", "/period/kind"},
                                    {"period_start", "/period/start"},
                                    {"period_end", "/period/end"}};

template_table measures_template(lang l, const template_rules& t, const rule_pack& pack) {
  template_table out;
  out.sheet_name = t.measures.sheet.in(l);
  xlsx::row header;
  for (const auto& c : t.measures.columns) {
    header.push_back(text_cell(c.header.in(l), true));
    out.widths.push_back(c.width);
  }
  out.rows.push_back(header);
  auto add = [&](const std::string& pointer, const std::string& label, const std::string& unit,
                 const std::string& meaning) {
    xlsx::row r;
    for (const auto& c : t.measures.columns) {
      if (c.id == "measure") r.push_back(text_cell(pointer));
      else if (c.id == "label") r.push_back(text_cell(label, false, true));
      else if (c.id == "unit") r.push_back(text_cell(unit));
      else if (c.id == "meaning") r.push_back(text_cell(meaning, false, true));
      else r.push_back(text_cell(""));
    }
    out.rows.push_back(std::move(r));
  };
  for (const auto& f : fixed_rows) {
    std::string meaning = t.measures.row_meanings.at(f.key).in(l);
    if (std::string(f.key) == "period_kind") {
      std::string kinds;
      for (const auto& k : pack.period_kinds)
        kinds += (kinds.empty() ? "" : (l == lang::zh ? "、" : ", ")) +
                 (l == lang::zh ? k.label.zh + "（" + k.id + "）" : k.id);
      meaning = replace_all(meaning, "{kinds}", kinds);
    }
    add(f.pointer, t.measures.row_labels.at(f.key).in(l), "", meaning);
  }
  for (const auto& m : pack.measures) add(m.pointer, m.label.in(l), m.unit.in(l), meaning_of(m, l, t, pack));
  out.rows.push_back({text_cell(t.measures.note.in(l))});
  return out;
}

result<template_table> record_template(record_kind k, lang l, const template_rules& t, const import_rules& import) {
  const auto& kind = import.kind(k);
  const auto& tpl = t.kind(k);
  for (const auto& sample : tpl.sample) {
    const std::string& field = sample.first;
    bool known = std::any_of(kind.fields.begin(), kind.fields.end(), [&](const field_rule& f) { return f.id == field; });
    if (!known)
      return input_error{pointer_append("/kinds/" + std::string(to_string(k)) + "/sample", field),
                         fmt::format("the import rules have no {} field \"{}\"", to_string(k), field)};
  }
  template_table out;
  out.sheet_name = tpl.sheet.in(l);
  xlsx::row header, sample;
  for (const auto& f : kind.fields) {
    std::string h = template_header(f, l);
    header.push_back(text_cell(h, true));
    auto it = tpl.sample.find(f.id);
    xlsx::cell c = text_cell(it == tpl.sample.end() ? "" : it->second.in(l));
    c.number = (f.type == field_type::days || f.type == field_type::amount) && decimal_literal(c.text).has_value();
    double w = std::max(display_width(h), display_width(c.text)) + 2;
    out.widths.push_back(std::min(std::max(w, 10.0), 40.0));
    sample.push_back(std::move(c));
  }
  out.rows.push_back(std::move(header));
  out.rows.push_back(std::move(sample));
  out.rows.push_back({text_cell(tpl.note.in(l))});
  return out;
}

// --- reading a measures table --------------------------------------------------------------

bool is_notes_row(std::string_view first) {
  std::string s = fold_width(trim(first));
  for (const char* marker : {"注", "备注", "说明"})
    if (starts_with(s, marker)) return true;
  return lower_ascii(s.substr(0, 4)) == "note";
}

struct table_layout {
  std::size_t header_row = 0;  // 0-based index into rows
  std::optional<std::size_t> measure, label, value;
};

bool header_is(std::string_view cell, const template_rules::column& c) {
  std::string k = normalize_key(trim(cell));
  if (k.empty()) return false;
  if (k == normalize_key(c.header.zh) || k == normalize_key(c.header.en)) return true;
  return std::any_of(c.synonyms.begin(), c.synonyms.end(), [&](const std::string& s) { return normalize_key(s) == k; });
}

std::optional<table_layout> find_layout(const table_rows& rows, const template_rules& t) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    table_layout layout;
    layout.header_row = r;
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      for (const auto& col : t.measures.columns) {
        if (!header_is(rows[r][c], col)) continue;
        if (col.id == "measure" && !layout.measure) layout.measure = c;
        if (col.id == "label" && !layout.label) layout.label = c;
        if (col.id == "value" && !layout.value) layout.value = c;
      }
    if (layout.measure && layout.value) return layout;
  }
  return std::nullopt;
}

std::string cell_at(const std::vector<std::string>& row, std::optional<std::size_t> c) {
  return c && *c < row.size() ? std::string(trim(row[*c])) : std::string();
}

// A row's key as the pointer the period document uses, or "" when it names nothing known.
std::string pointer_of(std::string key, const rule_pack& pack) {
  auto known = [&](const std::string& p) {
    if (pack.find_measure(p)) return true;
    for (const auto& f : fixed_rows)
      if (p == f.pointer) return true;
    return false;
  };
  key = fold_width(key);
  if (known(key)) return key;
  if (key.empty() || key[0] == '/') return "";
  std::string slashed = replace_all(key, ".", "/");
  if (known("/measures/" + slashed)) return "/measures/" + slashed;
  if (known("/" + slashed)) return "/" + slashed;
  return "";
}

std::string pointer_by_label(std::string_view label, const rule_pack& pack, const template_rules& t) {
  std::string k = normalize_key(label);
  if (k.empty()) return "";
  std::string found;
  int matches = 0;
  auto check = [&](const text& l, const std::string& pointer) {
    if (normalize_key(l.zh) == k || normalize_key(l.en) == k) {
      if (found != pointer) ++matches;
      found = pointer;
    }
  };
  for (const auto& f : fixed_rows) check(t.measures.row_labels.at(f.key), f.pointer);
  for (const auto& m : pack.measures) check(m.label, m.pointer);
  return matches == 1 ? found : "";
}

struct entry {
  std::size_t row = 0;     // 1-based
  std::string label;       // the label cell as written, for messages
  std::string literal;     // JSON
};

std::string name_of(const std::string& pointer, const entry& e) {
  return e.label.empty() ? pointer : pointer + " (" + e.label + ")";
}

// A node of the period document being written; members keep insertion order.
struct node {
  std::string key, literal;
  std::vector<node> children;

  void insert(std::string_view pointer, const std::string& value) {
    if (pointer.empty()) {
      literal = value;
      return;
    }
    pointer.remove_prefix(1);
    std::size_t slash = pointer.find('/');
    std::string token(pointer.substr(0, slash));
    std::string_view rest = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
    for (auto& c : children)
      if (c.key == token) return c.insert(rest, value);
    children.push_back(node{token, "", {}});
    children.back().insert(rest, value);
  }

  void write(std::string& out, int indent) const {
    if (!literal.empty()) {
      out += literal;
      return;
    }
    out += "{\n";
    for (std::size_t i = 0; i < children.size(); ++i) {
      out += std::string(static_cast<std::size_t>(indent + 2), ' ') + json_string(children[i].key) + ": ";
      children[i].write(out, indent + 2);
      out += i + 1 < children.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + "}";
  }
};

}  // namespace

// --- public API ----------------------------------------------------------------------------

result<template_rules> load_template_rules(std::string_view json_text) {
  auto parsed = parse_json(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  loader l;
  template_rules out;
  if (!doc.is_object()) return input_error{"", "expected a JSON object (a starsheet-templates/1 document)"};
  auto format = doc.find("format");
  if (format == doc.end()) return input_error{"/format", "required member is missing (expected \"starsheet-templates/1\")"};
  if (*format != "starsheet-templates/1") return input_error{"/format", "expected \"starsheet-templates/1\", got " + got(*format)};
  out.id = l.string(doc, "id", "");
  out.version = l.string(doc, "version", "");
  out.title = l.bilingual(doc, "title", "");
  const json* kinds = l.member(doc, "kinds", "");
  if (kinds) {
    const json* s = l.member(*kinds, "shipments", "/kinds");
    if (s) read_record_template(l, *s, "/kinds/shipments", out.shipments);
    const json* i = l.member(*kinds, "inquiries", "/kinds");
    if (i) read_record_template(l, *i, "/kinds/inquiries", out.inquiries);
  }
  const json* measures = l.member(doc, "measures", "");
  if (measures) read_measures_template(l, *measures, "/measures", out.measures);
  if (l.error) return *l.error;
  return out;
}

std::optional<template_kind> template_kind_from(std::string_view name) {
  if (name == "shipments") return template_kind::shipments;
  if (name == "inquiries") return template_kind::inquiries;
  if (name == "measures") return template_kind::measures;
  return std::nullopt;
}

std::string_view to_string(template_kind k) {
  switch (k) {
    case template_kind::shipments: return "shipments";
    case template_kind::inquiries: return "inquiries";
    case template_kind::measures: return "measures";
  }
  return "measures";
}

std::string template_header(const field_rule& field, lang language) {
  std::set<std::string> recognised;
  for (const auto& h : field.headers) recognised.insert(normalize_key(h));
  const std::string& label = field.label.in(language);
  if (recognised.count(normalize_key(label))) return label;
  // The first header of the language; for English, one that reads as words (no '_') first.
  if (language == lang::zh) {
    for (const auto& h : field.headers)
      if (has_cjk(h)) return h;
  } else {
    for (const auto& h : field.headers)
      if (is_ascii(h) && h.find('_') == std::string::npos) return h;
    for (const auto& h : field.headers)
      if (is_ascii(h)) return h;
  }
  return field.headers.empty() ? label : field.headers.front();
}

result<template_table> make_template(template_kind kind, lang language, const template_rules& templates,
                                     const import_rules& import, const rule_pack& pack) {
  if (kind == template_kind::measures) return measures_template(language, templates, pack);
  return record_template(kind == template_kind::shipments ? record_kind::shipments : record_kind::inquiries, language,
                         templates, import);
}

std::string template_csv(const template_table& table) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      const std::string& t = row[c].text;
      if (t.find_first_of(",\"\r\n") != std::string::npos) {
        out += '"';
        out += replace_all(t, "\"", "\"\"");
        out += '"';
      } else {
        out += t;
      }
    }
    out += "\r\n";
  }
  return out;
}

std::string template_xlsx(const template_table& table, const std::string& title) {
  xlsx::workbook book;
  book.title = title;
  xlsx::sheet sheet;
  sheet.name = table.sheet_name;
  sheet.rows = table.rows;
  sheet.column_widths = table.widths;
  sheet.freeze_first_row = true;
  book.sheets.push_back(std::move(sheet));
  return xlsx::write_workbook(book);
}

table_rows rows_from_csv(std::string_view utf8) {
  table_rows rows;
  csv_reader reader([&](const csv_record& r) {
    while (rows.size() + 1 < r.row) rows.emplace_back();  // empty lines between records
    std::vector<std::string> cells;
    cells.reserve(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) cells.emplace_back(r[i]);
    rows.push_back(std::move(cells));
  });
  reader.feed(utf8);
  reader.finish();
  return rows;
}

bool is_measures_table(const table_rows& rows, const template_rules& templates) {
  return find_layout(rows, templates).has_value();
}

result<std::string> period_from_measures_table(const table_rows& rows, const rule_pack& pack,
                                               const template_rules& templates) {
  auto layout = find_layout(rows, templates);
  if (!layout) {
    const auto& cols = templates.measures.columns;
    std::string measure, value;
    for (const auto& c : cols) {
      if (c.id == "measure") measure = c.header.zh + " / " + c.header.en;
      if (c.id == "value") value = c.header.zh + " / " + c.header.en;
    }
    return input_error{"", fmt::format("not a measures table: no row names the columns {} and {}", measure, value),
                       "table_not_measures", {{"measure", measure}, {"value", value}}};
  }
  std::map<std::string, entry> entries;
  std::map<std::string, std::size_t> key_rows;  // every recognised row, filled or not
  for (std::size_t r = layout->header_row + 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    std::size_t row_number = r + 1;
    std::string where = "row " + std::to_string(row_number);
    // An error in this row: `where` is the log's "row N"; the key's text is said at the row.
    auto row_error = [&](std::string message, const char* key, const std::string& pointer,
                         std::vector<std::pair<std::string, std::string>> args) {
      args.emplace_back("row", std::to_string(row_number));
      if (!pointer.empty()) args.emplace_back("pointer", pointer);
      return input_error{where, std::move(message), key, std::move(args)};
    };
    std::string first;
    for (const auto& c : row)
      if (!trim(c).empty()) {
        first = std::string(trim(c));
        break;
      }
    if (first.empty() || is_notes_row(first)) continue;
    std::string key = cell_at(row, layout->measure), label = cell_at(row, layout->label);
    std::string value = cell_at(row, layout->value);
    std::string pointer = key.empty() ? pointer_by_label(label, pack, templates) : pointer_of(key, pack);
    if (pointer.empty()) {
      if (value.empty()) continue;  // an unknown row without a value: nothing to read
      if (key.empty())
        return row_error(fmt::format("the value \"{}\" has no measure (the measure column is empty)", value),
                         "table_value_without_measure", "", {{"value", value}});
      return row_error(fmt::format("unknown measure \"{}\" (expected a pointer such as /measures/orders_total, as "
                                   "the template prints it)",
                                   key),
                       "table_unknown_measure", "", {{"measure", key}});
    }
    if (auto seen = key_rows.find(pointer); seen != key_rows.end())
      return row_error(fmt::format("{} is given twice (rows {} and {})", pointer, seen->second, row_number),
                       "table_measure_twice", pointer, {{"first_row", std::to_string(seen->second)}});
    key_rows[pointer] = row_number;
    if (value.empty()) continue;

    entry e{row_number, label, ""};
    const measure_rule* rule = pack.find_measure(pointer);
    std::string folded = fold_width(value);
    if (!rule) {
      if (pointer == "/period/start" || pointer == "/period/end") e.literal = json_string(read_date(value));
      else if (pointer == "/period/kind") {
        std::string id = value;
        for (const auto& k : pack.period_kinds)
          if (normalize_key(value) == normalize_key(k.id) || normalize_key(value) == normalize_key(k.label.zh) ||
              normalize_key(value) == normalize_key(k.label.en))
            id = k.id;
        e.literal = json_string(id);
      } else {
        e.literal = json_string(value);
      }
    } else if (rule->type == measure_type::set) {
      std::string_view v = trim(folded);
      std::string items;
      if (normalize_key(v) != "无" && normalize_key(v) != "none") {
        // Pieces are rejoined where a name itself holds a comma ("…standardisation, level 2…").
        auto pieces = split_list(v, ",;|");
        auto item_id = [&](const std::string& key) -> std::string {
          for (const auto& a : rule->allowed)
            if (key == normalize_key(a.id) || key == normalize_key(a.label.zh) || key == normalize_key(a.label.en))
              return a.id;
          return "";
        };
        for (std::size_t i = 0; i < pieces.size();) {
          std::string id;
          std::size_t used = 0;
          for (std::size_t j = pieces.size(); j > i && id.empty(); --j) {
            std::string joined;
            for (std::size_t k = i; k < j; ++k) joined += (k > i ? "," : "") + std::string(pieces[k]);
            id = item_id(normalize_key(joined));
            used = j - i;
          }
          if (id.empty()) {
            std::string ids, names;  // names: the Chinese labels, for the Chinese text
            for (const auto& a : rule->allowed) {
              ids += (ids.empty() ? "" : ", ") + a.id;
              names += (names.empty() ? "" : "、") + a.label.zh;
            }
            return row_error(fmt::format("{}: unknown item \"{}\" (expected ids or names of: {})", name_of(pointer, e),
                                         pieces[i], ids),
                             "table_unknown_item", pointer,
                             {{"item", std::string(pieces[i])}, {"allowed", ids}, {"allowed_zh", names}});
          }
          items += (items.empty() ? "" : ", ") + json_string(id);
          i += used;
        }
      }
      e.literal = "[" + items + "]";
    } else if (rule->type == measure_type::choice) {
      std::string key = normalize_key(trim(folded));
      std::string id, ids, names;
      for (const auto& a : rule->allowed) {
        if (key == normalize_key(a.id) || key == normalize_key(a.label.zh) || key == normalize_key(a.label.en)) id = a.id;
        ids += (ids.empty() ? "" : ", ") + a.id;
        names += (names.empty() ? "" : "、") + a.label.zh;
      }
      if (id.empty())
        return row_error(fmt::format("{}: unknown value \"{}\" (expected an id or name of: {})", name_of(pointer, e),
                                     value, ids),
                         "table_unknown_value", pointer, {{"value", value}, {"allowed", ids}, {"allowed_zh", names}});
      e.literal = json_string(id);
    } else if (rule->type == measure_type::amounts) {
      std::string numbers;
      for (auto item : split_list(trim(folded), ";|")) {
        auto n = decimal_literal(without_unit(item, rule->unit));
        if (!n)
          return row_error(fmt::format("{}: \"{}\" is not a number (write one number per item, separated by "
                                       "semicolons, e.g. 35.5; 1,280)",
                                       name_of(pointer, e), std::string(item)),
                           "table_not_amounts", pointer, {{"value", std::string(item)}});
        numbers += (numbers.empty() ? "" : ", ") + *n;
      }
      e.literal = "[" + numbers + "]";
    } else {
      auto n = decimal_literal(without_unit(trim(folded), rule->unit));
      if (!n)
        return row_error(fmt::format("{}: \"{}\" is not a number (write digits, e.g. 12480, 12,480 or 2071.5{})",
                                     name_of(pointer, e), value, rule->unit.zh.empty() ? "" : ", with or without the unit"),
                         rule->unit.zh.empty() ? "table_not_number" : "table_not_number_unit", pointer,
                         {{"value", value}});
      e.literal = *n;
    }
    entries[pointer] = std::move(e);
  }

  // The document, in the pack's order.
  node doc;
  doc.insert("/format", json_string("starsheet-period/1"));
  std::vector<std::string> order;
  for (const auto& f : fixed_rows) order.push_back(f.pointer);
  for (const auto& m : pack.measures) order.push_back(m.pointer);
  for (const auto& p : order)
    if (auto it = entries.find(p); it != entries.end()) doc.insert(p, it->second.literal);
  std::string text;
  doc.write(text, 0);
  text += "\n";

  auto period = parse_period(text, pack);
  if (!period) {
    // Point at the row: the longest pointer of a row that is a prefix of where it failed.
    const std::string& at = period.error().where;
    std::string best;
    for (const auto& [p, row] : key_rows)
      if ((at == p || starts_with(at, p + "/")) && p.size() > best.size()) best = p;
    if (best.empty()) return period.error();
    auto e = entries.find(best);
    std::string label = e != entries.end() ? e->second.label : std::string();
    // The period's own error (its key and args), said at the row that holds the field.
    input_error out = period.error();
    out.where = "row " + std::to_string(key_rows[best]);
    out.message = (label.empty() ? at : at + " (" + label + ")") + ": " + out.message;
    out.args.emplace_back("row", std::to_string(key_rows[best]));
    out.args.emplace_back("pointer", at);
    return out;
  }
  return text;
}

}  // namespace starsheet
