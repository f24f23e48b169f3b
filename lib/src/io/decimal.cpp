#include "io/decimal.hpp"

#include <locale.h>
#include <stdlib.h>

#include <cctype>
#include <string>

namespace watchmap::detail {

namespace {
// strtod reads "105.85" as 105 once a program (a notebook calling locale.setlocale, a Vietnamese
// or German desktop) sets a comma decimal locale; the C locale's strtod_l never does.
locale_t c_locale() {
  static const locale_t c = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return c;
}
}  // namespace

// strtod alone would also take hexadecimal ("0x1A" = 26), "inf" and "nan", none of which is a
// coordinate, and stop silently at "12abc".
bool parse_decimal(const char* text, double& out) {
  const char* p = text;
  while (*p == ' ' || *p == '\t') ++p;
  const char* start = p;
  if (*p == '+' || *p == '-') ++p;
  bool digits = false;
  while (std::isdigit(static_cast<unsigned char>(*p))) ++p, digits = true;
  if (*p == '.') {
    ++p;
    while (std::isdigit(static_cast<unsigned char>(*p))) ++p, digits = true;
  }
  if (!digits) return false;
  if (*p == 'e' || *p == 'E') {
    ++p;
    if (*p == '+' || *p == '-') ++p;
    if (!std::isdigit(static_cast<unsigned char>(*p))) return false;
    while (std::isdigit(static_cast<unsigned char>(*p))) ++p;
  }
  const char* end = p;
  while (*p == ' ' || *p == '\t') ++p;
  if (*p != '\0') return false;
  out = strtod_l(std::string(start, end).c_str(), nullptr, c_locale());
  return true;
}

}  // namespace watchmap::detail
