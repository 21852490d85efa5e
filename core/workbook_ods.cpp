// OpenDocument spreadsheets (.ods): content.xml holds every table; a table is hidden through
// its automatic style (table:display="false"). Repeated rows and columns are expanded only
// where they hold values: files end in a row "repeated" a million times over empty cells.
#include <algorithm>

#include "workbook_internal.h"

namespace starsheet::wb {

namespace {

bool parse_count(std::string_view s, std::uint64_t& v) {
  v = 0;
  if (s.empty() || s.size() > 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

std::uint64_t count_attr(const xml_reader& x, std::string_view name) {
  std::uint64_t v = 1;
  if (!parse_count(x.attr(name), v) || v == 0) v = 1;
  return v;
}

// One table:table-cell on the way through: what its attributes say and its text so far.
struct cell_state {
  std::string_view type;  // office:value-type
  bool error = false, formula = false, has_value = false;  // has_value: value_attr is set
  std::uint64_t repeat = 1, span_cols = 1, span_rows = 1;
  std::string text;         // text:p content
  std::string value_attr;   // office:value / date-value / boolean-value / string-value, decoded
  int p_count = 0;
  bool pending_space = false, at_p_start = true;
};

// A cell placed in the current row: the column, its text in the pool, and its span.
struct row_cell {
  std::uint64_t col;
  std::size_t offset, length;
  std::uint64_t span_cols, span_rows;
};

class ods_reader : public xml_part_parser {
 public:
  // Lists the tables; reads table `want` into `sheet` when one is given.
  ods_reader(context& ctx, std::vector<sheet_info>* list, std::size_t want, sheet_builder* sheet)
      : ctx_(ctx), list_(list), want_(want), sheet_(sheet) {}

  bool run() override {
    bool done = false;
    auto batch = out_of_line(&ods_reader::step);
    while (!done)
      if (!(this->*batch)(1 << 16, done)) return false;
    return !ctx_.failed;
  }

 private:
  // A batch of tokens per call (see STARSHEET_NOINLINE).
  STARSHEET_NOINLINE bool step(std::size_t tokens, bool& done) {
    for (; tokens > 0; --tokens) {
      auto t = x_.next();
      if (t == xml_reader::end || t == xml_reader::more) {
        done = true;
        return true;
      }
      if (t == xml_reader::bad) return ctx_.fail(damaged, std::string("content.xml: bad XML (") + x_.problem() + ")");
      if (t == xml_reader::text) {
        if (in_p_ && skip_depth_ == 0) text(x_);
        continue;
      }
      std::string_view n = x_.name();
      if (t == xml_reader::start_tag) {
        ++depth_;
        if (n == "style") {
          style_name_.clear();
          x_.attr_decoded("name", style_name_);
        } else if (n == "table-properties" && x_.attr("display") == "false") {
          hidden_styles_.push_back(style_name_);
        } else if (n == "spreadsheet" && spreadsheet_depth_ < 0) {
          spreadsheet_depth_ = depth_;
        } else if (n == "table" && depth_ == spreadsheet_depth_ + 1) {
          sheet_info info;
          x_.attr_decoded("name", info.name);
          std::string style;
          x_.attr_decoded("style-name", style);
          info.hidden = std::find(hidden_styles_.begin(), hidden_styles_.end(), style) != hidden_styles_.end();
          if (sheet_ && table_index_ == want_) {
            ctx_.sheet = info.name;
            table_depth_ = depth_;
            row_ = 0;
          }
          if (list_) list_->push_back(std::move(info));
          ++table_index_;
        } else if (table_depth_ > 0 && depth_ > table_depth_) {
          if (!in_table_start(n, depth_)) return false;
        }
      } else {
        if (table_depth_ > 0 && depth_ > table_depth_) {
          if (!in_table_end(n, depth_)) return false;
        } else if (table_depth_ > 0 && depth_ == table_depth_) {
          done = finished = true;  // the wanted table is read: the rest of the part is not needed
          return true;
        }
        --depth_;
      }
    }
    return true;
  }

  bool in_table_start(std::string_view n, int depth) {
    if (skip_depth_) return true;
    if (n == "table" || n == "annotation" || n == "note") {
      skip_depth_ = depth;  // a sub-table or a comment: not cell text
      return true;
    }
    if (n == "table-row") {
      row_repeat_ = count_attr(x_, "number-rows-repeated");
      row_cells_.clear();
      col_ = 0;
    } else if (n == "table-cell" || n == "covered-table-cell") {
      cell_ = cell_state{};
      in_cell_ = true;
      covered_ = n == "covered-table-cell";
      cell_.repeat = count_attr(x_, "number-columns-repeated");
      cell_.span_cols = count_attr(x_, "number-columns-spanned");
      cell_.span_rows = count_attr(x_, "number-rows-spanned");
      for (const auto& a : x_.attrs()) {
        if (a.name == "value-type") {
          if (a.value == "error") cell_.error = true;
          else if (cell_.type.empty()) cell_.type = a.value;
        } else if (a.name == "formula") {
          cell_.formula = true;
        }
      }
      std::string_view type = cell_.type;
      std::string_view attr = type == "date"      ? "date-value"
                              : type == "boolean" ? "boolean-value"
                              : type == "string"  ? "string-value"
                              : type == "time"    ? ""
                                                  : "value";
      cell_.has_value = !attr.empty() && x_.has_attr(attr);
      if (cell_.has_value) x_.attr_decoded(attr, cell_.value_attr);
    } else if (in_cell_ && n == "p") {
      in_p_ = true;
      if (cell_.p_count++ > 0) cell_.text += '\n';
      cell_.at_p_start = true;
      cell_.pending_space = false;
    } else if (in_p_ && n == "s") {
      std::uint64_t c = count_attr(x_, "c");
      flush_space();
      cell_.text.append(static_cast<std::size_t>(std::min<std::uint64_t>(c, 65536)), ' ');
      cell_.at_p_start = false;
    } else if (in_p_ && n == "tab") {
      flush_space();
      cell_.text += '\t';
      cell_.at_p_start = false;
    } else if (in_p_ && n == "line-break") {
      flush_space();
      cell_.text += '\n';
      cell_.at_p_start = false;
    }
    if (cell_.text.size() > ctx_.max_text()) return ctx_.fail(too_large, "cell text above the size limit");
    return true;
  }

  bool in_table_end(std::string_view n, int depth) {
    if (skip_depth_) {
      if (depth == skip_depth_) skip_depth_ = 0;
      return true;
    }
    if (n == "p") {
      in_p_ = false;
    } else if ((n == "table-cell" || n == "covered-table-cell") && in_cell_) {
      in_cell_ = false;
      return end_cell();
    } else if (n == "table-row") {
      return end_row();
    }
    return true;
  }

  // ODF collapses runs of white space in text to one space, dropped at a paragraph's start and end.
  void text(const xml_reader& x) {
    std::string decoded;
    x.append_text(decoded);
    for (char c : decoded) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!cell_.at_p_start) cell_.pending_space = true;
        continue;
      }
      flush_space();
      cell_.text += c;
      cell_.at_p_start = false;
    }
  }

  void flush_space() {
    if (cell_.pending_space) cell_.text += ' ';
    cell_.pending_space = false;
  }

  bool end_cell() {
    std::uint64_t col = col_;
    col_ += cell_.repeat;
    if (covered_) return true;  // hidden under a merged range: the range's value goes here
    std::string& pool = sheet_->pool();
    sheet_csv& stats = sheet_->stats();
    std::size_t at = pool.size();
    std::string_view type = cell_.type;
    const std::string& v = cell_.value_attr;
    bool has_value = cell_.has_value;
    if (cell_.error) {
      // an error cell is empty
    } else if (type == "float" || type == "percentage" || type == "currency") {
      if (!has_value || !append_decimal(pool, v)) pool += cell_.text;
    } else if (type == "date") {
      if (has_value && append_iso_date(pool, v)) ++stats.date_cells;
      else pool += has_value ? std::string_view(v) : std::string_view(cell_.text);
    } else if (type == "boolean") {
      std::string_view b = has_value ? std::string_view(v) : std::string_view(cell_.text);
      if (b == "true" || b == "1" || b == "TRUE") pool += "TRUE";
      else if (b == "false" || b == "0" || b == "FALSE") pool += "FALSE";
      else pool += b;
    } else if (type == "string" && has_value) {
      pool += v;
    } else if (type.empty() && cell_.formula && cell_.text.empty()) {
      ++stats.formulas_without_value;
    } else {
      pool += cell_.text;  // string, time (as displayed) or a cell without a type
    }
    std::size_t length = pool.size() - at;
    if (!sheet_->check_pool()) return false;
    if (length == 0 && cell_.span_cols == 1 && cell_.span_rows == 1) return true;
    if (length > 0 && col + cell_.repeat > ctx_.limits.max_columns)
      return ctx_.fail(too_large, "content.xml: a value past the column limit");
    for (std::uint64_t k = 0; k < cell_.repeat && (length > 0 || k == 0); ++k)
      row_cells_.push_back({col + k, at, length, cell_.span_cols, cell_.span_rows});
    if (row_cells_.size() > ctx_.limits.max_columns) return ctx_.fail(too_large, "content.xml: too many cells in a row");
    return true;
  }

  bool end_row() {
    std::uint64_t first = row_;
    row_ += row_repeat_;
    if (row_cells_.empty()) return true;
    if (row_repeat_ > 1 && row_repeat_ * row_cells_.size() > ctx_.limits.max_cells)
      return ctx_.fail(too_large, "content.xml: a repeated row above the cell limit");
    for (std::uint64_t r = first; r < row_; ++r) {
      for (const row_cell& c : row_cells_) {
        if (c.length && !sheet_->place(r, c.col, c.offset, c.length)) return false;
        if (c.span_cols > 1 || c.span_rows > 1) sheet_->add_merge(r, c.col, r + c.span_rows - 1, c.col + c.span_cols - 1);
      }
    }
    return true;
  }

  context& ctx_;
  std::vector<sheet_info>* list_ = nullptr;
  std::size_t want_ = 0, table_index_ = 0;
  sheet_builder* sheet_ = nullptr;
  std::vector<std::string> hidden_styles_;
  std::string style_name_;
  int depth_ = 0, spreadsheet_depth_ = -1, table_depth_ = -1;
  std::uint64_t row_ = 0, row_repeat_ = 1, col_ = 0;
  std::vector<row_cell> row_cells_;
  cell_state cell_;
  bool in_cell_ = false, in_p_ = false, covered_ = false;
  int skip_depth_ = 0;
};

}  // namespace

bool list_ods(const zip_archive& zip, context& ctx, std::vector<sheet_info>& out) {
  ods_reader r(ctx, &out, SIZE_MAX, nullptr);
  return stream_xml_part(zip, "content.xml", true, r, ctx);
}

bool read_ods(const zip_archive& zip, std::size_t index, context& ctx, sheet_csv& out) {
  sheet_builder sheet(ctx);
  std::vector<sheet_info> tables;
  ods_reader r(ctx, &tables, index, &sheet);
  if (!stream_xml_part(zip, "content.xml", true, r, ctx)) return false;
  if (index >= tables.size())
    return ctx.fail(no_sheet, "sheet " + std::to_string(index + 1) + " of " + std::to_string(tables.size()));
  return sheet.finish(out);
}

}  // namespace starsheet::wb
