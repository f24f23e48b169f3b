#include "watchmap/table.hpp"

#include "core/names.hpp"

#include <algorithm>

#include "watchmap/error.hpp"

namespace watchmap {

namespace {
constexpr detail::Named<ColumnType> kColumnTypes[] = {{ColumnType::Integer, "integer"},
                                                      {ColumnType::Real, "real"},
                                                      {ColumnType::String, "string"},
                                                      {ColumnType::Boolean, "boolean"},
                                                      {ColumnType::DateTime, "datetime"}};
}  // namespace

const char* to_string(ColumnType type) { return detail::name_of(kColumnTypes, type); }
ColumnType column_type_from_name(std::string_view name) {
  return detail::parse_name(kColumnTypes, name, "attribute column type");
}

size_t Column::size() const {
  switch (type) {
    case ColumnType::Real: return reals.size();
    case ColumnType::String: return strings.size();
    default: return ints.size();
  }
}

namespace {
template <typename T>
std::vector<T> take_rows(const std::vector<T>& values, const std::vector<int64_t>& rows) {
  if (values.empty()) return {};
  std::vector<T> out;
  out.reserve(rows.size());
  for (int64_t r : rows) out.push_back(values[static_cast<size_t>(r)]);
  return out;
}
}  // namespace

Column Column::take(const std::vector<int64_t>& rows) const {
  Column out;
  out.name = name;
  out.type = type;
  out.ints = take_rows(ints, rows);
  out.reals = take_rows(reals, rows);
  out.strings = take_rows(strings, rows);
  out.is_null = take_rows(is_null, rows);
  return out;
}

void Table::add(Column column) {
  if (find(column.name) != nullptr) throw InvalidInput("attribute column '" + column.name + "' already exists");
  const size_t n = column.size();
  if (!column.is_null.empty() && column.is_null.size() != n) {
    throw InvalidInput("attribute column '" + column.name + "': null mask length differs from its values");
  }
  if (!columns_.empty() && n != rows()) {
    throw InvalidInput("attribute column '" + column.name + "' has " + std::to_string(n) + " rows, the table has " +
                       std::to_string(rows()));
  }
  if (columns_.empty() && rows_hint_ != 0 && n != rows_hint_) {
    throw InvalidInput("attribute column '" + column.name + "' has " + std::to_string(n) + " rows, expected " +
                       std::to_string(rows_hint_));
  }
  columns_.push_back(std::move(column));
}

const Column* Table::find(const std::string& name) const {
  auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == name; });
  return it == columns_.end() ? nullptr : &*it;
}

const Column& Table::column(const std::string& name) const {
  if (const Column* c = find(name)) return *c;
  std::string names;
  for (const Column& c : columns_) names += (names.empty() ? "" : ", ") + c.name;
  throw InvalidInput("no attribute column '" + name + "' (columns: " + (names.empty() ? "none" : names) + ")");
}

void Table::remove(const std::string& name) {
  std::erase_if(columns_, [&](const Column& c) { return c.name == name; });
}

Table Table::take(const std::vector<int64_t>& rows) const {
  Table out;
  out.rows_hint_ = rows.size();
  for (const Column& c : columns_) out.columns_.push_back(c.take(rows));
  return out;
}

}  // namespace watchmap
