// libFuzzer target: the strict decimal parser of CSV coordinates (lib/src/io/decimal.hpp).
// Checked against std::from_chars (locale-independent, correctly rounded): the parser accepts
// exactly the plain decimals from_chars reads whole, and gives the same double.
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include "io/decimal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const char* text = input.c_str();  // a NUL ends the text, as for a C string from GDAL
  double value = 0.0;
  const bool accepted = watchmap::detail::parse_decimal(text, value);

  // The reference: the token between blanks, without a '+' that from_chars does not take.
  const char* begin = text;
  const char* end = text + std::strlen(text);
  while (begin < end && (*begin == ' ' || *begin == '\t')) ++begin;
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t')) --end;
  if (end - begin >= 2 && *begin == '+' && (begin[1] == '.' || (begin[1] >= '0' && begin[1] <= '9'))) ++begin;
  bool plain = begin < end;  // only characters a decimal may have ("inf", "nan", "0x" are not)
  for (const char* p = begin; p < end; ++p) plain = plain && std::strchr("0123456789+-.eE", *p) != nullptr;
  double reference = 0.0;
  const auto [stop, error] = std::from_chars(begin, end, reference, std::chars_format::general);
  const bool whole = stop == end && (error == std::errc() || error == std::errc::result_out_of_range);
  if (accepted != (plain && whole)) __builtin_trap();
  if (accepted && error == std::errc() && std::memcmp(&value, &reference, sizeof value) != 0) __builtin_trap();
  return 0;
}
