#pragma once
// The one string <-> enum helper: every option that Python passes as a word ("quartic", "queen",
// "two-sided", …) is parsed here, with one error wording that lists the accepted words.
#include <string>
#include <string_view>

#include "watchmap/error.hpp"

namespace watchmap::detail {

template <typename E>
struct Named {
  E value;
  const char* name;
};

/// The value called `text` in `table`; InvalidInput "unknown <what> 'text' (use a, b or c)" otherwise.
template <typename E, size_t N>
E parse_name(const Named<E> (&table)[N], std::string_view text, const char* what) {
  for (const Named<E>& entry : table) {
    if (text == entry.name) return entry.value;
  }
  std::string choices;
  for (size_t i = 0; i < N; ++i) {
    choices += (i == 0 ? "" : (i + 1 == N ? " or " : ", "));
    choices += "'" + std::string(table[i].name) + "'";
  }
  throw InvalidInput(std::string("unknown ") + what + " '" + std::string(text) + "' (use " + choices + ")");
}

/// The name of `value` in `table` (the first entry for it).
template <typename E, size_t N>
const char* name_of(const Named<E> (&table)[N], E value) {
  for (const Named<E>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

}  // namespace watchmap::detail
