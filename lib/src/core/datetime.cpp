#include "core/datetime.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace watchmap::detail {

namespace {

// Days from 1970-01-01 to y-m-d (Howard Hinnant's civil-days algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool read_int(std::string_view s, size_t& pos, size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  out = v;
  return true;
}

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

}  // namespace

int64_t to_epoch_seconds(const CivilTime& t) {
  const int64_t days = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
  return days * 86400 + t.hour * 3600 + t.minute * 60 + static_cast<int64_t>(std::floor(t.second)) -
         static_cast<int64_t>(t.tz_minutes) * 60;
}

CivilTime from_epoch_seconds(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t rem = seconds - days * 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (t.month <= 2));
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>((rem % 3600) / 60);
  t.second = static_cast<double>(rem % 60);
  return t;
}

std::optional<int64_t> parse_datetime(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  CivilTime t;
  size_t pos = 0;
  if (!read_int(s, pos, 4, t.year) || pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) return std::nullopt;
  const char sep = s[pos++];
  if (!read_int(s, pos, 2, t.month) || pos >= s.size() || s[pos++] != sep || !read_int(s, pos, 2, t.day)) {
    return std::nullopt;
  }
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month)) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!read_int(s, pos, 2, t.hour) || pos >= s.size() || s[pos++] != ':' || !read_int(s, pos, 2, t.minute)) {
      return std::nullopt;
    }
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      int sec = 0;
      if (!read_int(s, pos, 2, sec)) return std::nullopt;
      t.second = sec;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;  // fractions dropped
      }
    }
    if (t.hour > 23 || t.minute > 59 || t.second >= 61) return std::nullopt;
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos++] == '+' ? 1 : -1;
        int hh = 0, mm = 0;
        if (!read_int(s, pos, 2, hh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !read_int(s, pos, 2, mm)) return std::nullopt;
        t.tz_minutes = sign * (hh * 60 + mm);
      }
      if (pos != s.size()) return std::nullopt;
    }
  }
  return to_epoch_seconds(t);
}

}  // namespace watchmap::detail
