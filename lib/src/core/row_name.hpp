#pragma once
// Naming a row in messages: "source 3 (team_id 'T-BT-01-01')" when the layer has an id column.
#include <string>

#include "watchmap/table.hpp"

namespace watchmap::detail {

/// The column that identifies rows: "id", else the first column whose name ends in "_id";
/// nullptr when there is none.
inline const Column* id_column(const Table& table) {
  if (const Column* c = table.find("id")) return c;
  for (const Column& c : table.columns()) {
    if (c.name.size() > 3 && c.name.compare(c.name.size() - 3, 3, "_id") == 0) return &c;
  }
  return nullptr;
}

/// Row `row`'s id as text ("" when the table has no id column or the value is missing).
inline std::string row_id(const Table& table, size_t row) {
  const Column* c = id_column(table);
  if (c == nullptr || row >= c->size() || c->null_at(row)) return {};
  switch (c->type) {
    case ColumnType::String: return c->strings[row];
    case ColumnType::Real: {
      std::string text = std::to_string(c->reals[row]);
      return text;
    }
    default: return std::to_string(c->ints[row]);
  }
}

/// "<noun> <row>" plus " (<id column> '<id>')" when the table has an id column.
inline std::string row_name(const Table& table, size_t row, const std::string& noun) {
  std::string out = noun + " " + std::to_string(row);
  const Column* c = id_column(table);
  const std::string id = row_id(table, row);
  if (c != nullptr && !id.empty()) out += " (" + c->name + " '" + id + "')";
  return out;
}

}  // namespace watchmap::detail
