#include "datetime.h"

#include <cstdio>

namespace starsheet {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct cursor {
  const char* p;
  const char* e;
  bool at_end() const { return p == e; }
  bool eat(char c) {
    if (p < e && *p == c) {
      ++p;
      return true;
    }
    return false;
  }
  bool eat(std::string_view s) {
    if (static_cast<std::size_t>(e - p) >= s.size() && std::string_view(p, s.size()) == s) {
      p += s.size();
      return true;
    }
    return false;
  }
  // Up to `max` digits; -1 when there are none. `n` gets how many were read.
  int number(int max, int& n) {
    int v = 0;
    n = 0;
    while (p < e && n < max && is_digit(*p)) v = v * 10 + (*p++ - '0'), ++n;
    return n ? v : -1;
  }
  void skip_spaces() {
    while (p < e && (*p == ' ' || *p == '\t')) ++p;
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

parsed_datetime fail(date_problem p) {
  parsed_datetime r;
  r.problem = p;
  return r;
}

// Excel serial day numbers: whole days since 1899-12-30 (which absorbs Excel's 1900 leap-year
// bug for every date after February 1900), the fraction being the time of day.
parsed_datetime excel_serial(std::string_view s, const datetime_options& o) {
  std::int64_t whole = 0, frac = 0, scale = 1;
  std::size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (i > 7) return fail(date_problem::not_a_date);
    whole = whole * 10 + (s[i] - '0');
  }
  if (i < s.size()) {
    if (s[i] != '.' || i == 0) return fail(date_problem::not_a_date);
    for (++i; i < s.size(); ++i) {
      if (!is_digit(s[i])) return fail(date_problem::not_a_date);
      if (scale < 1000000000) frac = frac * 10 + (s[i] - '0'), scale *= 10;
    }
  }
  double approx = static_cast<double>(whole) + static_cast<double>(frac) / static_cast<double>(scale);
  if (approx < o.excel_min || approx >= o.excel_max) return fail(date_problem::not_a_date);
  parsed_datetime r;
  std::int64_t day_seconds = (frac * seconds_per_day + scale / 2) / scale;  // nearest second
  r.seconds = (whole - 25569) * seconds_per_day + day_seconds;
  r.has_time = frac != 0;
  r.midnight = false;
  r.problem = date_problem::none;
  return r;
}

}  // namespace

namespace {

// days_from_civil, inline for the date parser's fast path (the exported one is a call).
inline std::optional<std::int64_t> civil_days(int y, int m, int d) {
  static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > month_days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  if (y >= 1) {
    // Whole years since 1970, the leap days among them, then the days of this year.
    static const int before_month[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    // 32-bit on purpose: wasm has no 64-bit multiply-high, so a 64-bit division by a constant
    // stays a real division there; y - 1 fits an int.
    int p = y - 1;
    int leaps = p / 4 - p / 100 + p / 400 - 477;  // 477 leap years from year 1 to 1969
    return (static_cast<std::int64_t>(y) - 1970) * 365 + leaps + before_month[m - 1] + (m > 2 && leap) + d - 1;
  }
  // Howard Hinnant's days_from_civil.
  std::int64_t yy = y - (m <= 2);
  std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  std::int64_t yoe = yy - era * 400;
  std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<std::int64_t> days_from_civil(int y, int m, int d) { return civil_days(y, m, d); }

civil_date civil_from_days(std::int64_t days) {
  // Howard Hinnant's civil_from_days.
  std::int64_t z = days + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

std::string format_datetime(std::int64_t seconds) {
  std::int64_t days = seconds >= 0 ? seconds / seconds_per_day : -((-seconds + seconds_per_day - 1) / seconds_per_day);
  std::int64_t secs = seconds - days * seconds_per_day;
  civil_date c = civil_from_days(days);
  long long y = c.year, m = c.month, d = c.day;
  char buf[128];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

order_evidence date_order_evidence(std::string_view text) {
  std::string_view s = trim(text);
  cursor c{s.data(), s.data() + s.size()};
  int n = 0;
  int a = c.number(2, n);
  if (a < 0) return order_evidence::none;
  char sep = c.p < c.e ? *c.p : 0;
  if (sep != '/' && sep != '.' && sep != '-') return order_evidence::none;
  ++c.p;
  int b = c.number(2, n);
  if (b < 0 || !c.eat(sep)) return order_evidence::none;
  c.number(4, n);
  if (n != 4) return order_evidence::none;
  if (a > 12 && b <= 12) return order_evidence::day_first;
  if (b > 12 && a <= 12) return order_evidence::month_first;
  return a <= 12 && b <= 12 ? order_evidence::ambiguous : order_evidence::none;
}

parsed_datetime parse_datetime(std::string_view text, const datetime_options& o) {
  std::string_view s = trim(text);
  if (s.empty()) return fail(date_problem::empty);
  // Fast path for the form most exports write: "YYYY-MM-DD[ HH:MM[:SS]]" with fixed widths.
  std::size_t len = s.size();
  if ((len == 10 || len == 16 || len == 19) && s[4] == '-' && s[7] == '-') {
    auto dd = [&](std::size_t i) { return is_digit(s[i]) && is_digit(s[i + 1]) ? (s[i] - '0') * 10 + (s[i + 1] - '0') : -1; };
    int y1 = dd(0), y2 = dd(2), mo = dd(5), da = dd(8);
    int hh = 0, mi = 0, se = 0;
    bool shape = y1 >= 0 && y2 >= 0 && mo >= 0 && da >= 0;
    if (shape && len >= 16) {
      hh = dd(11);
      mi = dd(14);
      shape = (s[10] == ' ' || s[10] == 'T') && s[13] == ':' && hh >= 0 && mi >= 0;
      if (shape && len == 19) {
        se = dd(17);
        shape = s[16] == ':' && se >= 0;
      }
    }
    if (shape) {
      auto days = civil_days(y1 * 100 + y2, mo, da);
      if (!days) return fail(date_problem::no_such_date);
      if (hh > 24 || mi > 59 || se > 60 || (hh == 24 && (mi || se))) return fail(date_problem::bad_time);
      parsed_datetime r;
      r.has_time = len > 10;
      r.midnight = r.has_time && hh == 0 && mi == 0 && se == 0;
      r.seconds = *days * seconds_per_day + hh * 3600 + mi * 60 + (se == 60 ? 59 : se);
      r.problem = date_problem::none;
      return r;
    }
  }
  cursor c{s.data(), s.data() + s.size()};
  int n = 0;
  int first = c.number(4, n);
  if (first < 0) return fail(date_problem::not_a_date);
  int year = 0, month = 0, day = 0;
  std::size_t dots = 0, digits = 0;
  for (char ch : s) dots += ch == '.', digits += is_digit(ch);
  if (dots + digits == s.size() && dots <= 1) {
    // A bare number: an Excel serial day.
    if (!o.excel_serial) return fail(date_problem::not_a_date);
    return excel_serial(s, o);
  }
  char sep = *c.p;
  if (n == 4) {
    year = first;
    if (c.eat("年")) {
      month = c.number(2, n);
      if (month < 0 || !c.eat("月")) return fail(date_problem::not_a_date);
      day = c.number(2, n);
      if (day < 0) return fail(date_problem::not_a_date);
      c.eat("日");
    } else {
      if (sep != '-' && sep != '/' && sep != '.') return fail(date_problem::not_a_date);
      ++c.p;
      month = c.number(2, n);
      if (month < 0 || !c.eat(sep)) return fail(date_problem::not_a_date);
      day = c.number(2, n);
      if (day < 0) return fail(date_problem::not_a_date);
    }
  } else {
    if (sep != '/' && sep != '.' && sep != '-') return fail(date_problem::not_a_date);
    ++c.p;
    int second = c.number(2, n);
    if (second < 0 || !c.eat(sep)) return fail(date_problem::not_a_date);
    year = c.number(4, n);
    if (n != 4) return fail(date_problem::not_a_date);
    date_order order = o.order;
    bool only_dmy = first > 12 && second <= 12, only_mdy = second > 12 && first <= 12;
    if (order == date_order::unknown) order = only_dmy ? date_order::dmy : date_order::mdy;
    if ((order == date_order::mdy && only_dmy) || (order == date_order::dmy && only_mdy))
      return fail(date_problem::order_conflict);
    month = order == date_order::mdy ? first : second;
    day = order == date_order::mdy ? second : first;
  }
  auto days = days_from_civil(year, month, day);
  if (!days) return fail(date_problem::no_such_date);

  parsed_datetime r;
  r.seconds = *days * seconds_per_day;
  if (!c.at_end()) {
    if (!c.eat('T')) {
      if (*c.p != ' ' && *c.p != '\t') return fail(date_problem::not_a_date);
      c.skip_spaces();
    }
    int hour = c.number(2, n);
    if (hour < 0 || !c.eat(':')) return fail(date_problem::not_a_date);
    int minute = c.number(2, n);
    if (n != 2) return fail(date_problem::not_a_date);
    int second = 0;
    if (c.eat(':')) {
      second = c.number(2, n);
      if (n != 2) return fail(date_problem::not_a_date);
      if (c.eat('.') || c.eat(',')) {
        c.number(9, n);
        if (n == 0) return fail(date_problem::not_a_date);
        while (c.p < c.e && is_digit(*c.p)) ++c.p;
      }
    }
    c.skip_spaces();
    bool am = c.eat("AM") || c.eat("am") || c.eat("上午"), pm = !am && (c.eat("PM") || c.eat("pm") || c.eat("下午"));
    if (am || pm) {
      if (hour < 1 || hour > 12) return fail(date_problem::bad_time);
      hour = hour % 12 + (pm ? 12 : 0);
      c.skip_spaces();
    }
    if (minute > 59 || second > 60 || hour > 24 || (hour == 24 && (minute || second))) return fail(date_problem::bad_time);
    if (second == 60) second = 59;  // a leap second reads as the second before it
    r.has_time = true;
    r.midnight = hour == 0 && minute == 0 && second == 0;
    r.seconds += hour * 3600 + minute * 60 + second;
    if (!c.at_end()) {
      if (c.eat('Z') || c.eat("UTC") || c.eat("GMT")) {
        r.had_offset = true;
      } else if (*c.p == '+' || *c.p == '-') {
        int sign = *c.p++ == '-' ? -1 : 1;
        int oh = c.number(2, n);
        if (n != 2) return fail(date_problem::not_a_date);
        int om = 0;
        bool colon = c.eat(':');
        if (colon || (c.p < c.e && is_digit(*c.p))) {
          om = c.number(2, n);
          if (n != 2) return fail(date_problem::not_a_date);
        }
        if (oh > 18 || om > 59) return fail(date_problem::bad_time);
        r.seconds -= sign * (oh * 3600 + om * 60);
        r.had_offset = true;
      }
      if (!c.at_end()) return fail(date_problem::not_a_date);
    }
  }
  r.problem = date_problem::none;
  return r;
}

}  // namespace starsheet
