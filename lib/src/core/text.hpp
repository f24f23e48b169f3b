#pragma once
// Numbers in messages: shortest readable form ("105.8", not "105.800000").
#include <sstream>
#include <string>

namespace watchmap::detail {

inline std::string fmt(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

}  // namespace watchmap::detail
