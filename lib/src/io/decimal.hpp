#pragma once
// The strict decimal parser for coordinates and weights read as text (CSV columns). Private to the
// library; a header of its own so tests/fuzz/ can drive it directly.
namespace watchmap::detail {

/// Plain decimal text only: optional blanks and sign, digits with an optional fraction, an optional
/// exponent ("-12.5", "1e3", " 7 "). Hexadecimal ("0x1A"), "inf", "nan", "1,5", "" and anything
/// else give false. On true, `out` is the value C-locale strtod gives for the text, whatever the
/// process locale (a comma-decimal locale does not truncate "105.85"); it is ±inf when the
/// exponent overflows (callers refuse non-finite values with their own message).
bool parse_decimal(const char* text, double& out);

}  // namespace watchmap::detail
