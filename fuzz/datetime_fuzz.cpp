// libFuzzer target for the date parser: any text, in every day/month order, must parse or
// say why without crashing, and a parsed value must print and re-parse to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "datetime.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  (void)starsheet::date_order_evidence(text);
  for (auto order : {starsheet::date_order::unknown, starsheet::date_order::mdy, starsheet::date_order::dmy}) {
    starsheet::datetime_options o;
    o.order = order;
    auto t = starsheet::parse_datetime(text, o);
    if (!t) continue;
    std::string printed = starsheet::format_datetime(t.seconds);
    auto again = starsheet::parse_datetime(printed);
    if (t.seconds > -62135596800LL && t.seconds < 253402300800LL && (!again || again.seconds != t.seconds)) std::abort();
  }
  return 0;
}
