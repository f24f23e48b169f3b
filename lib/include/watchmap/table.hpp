#pragma once
/// @file table.hpp  Attribute columns carried by point and polygon layers.
///
/// watchmap is not a table engine: attributes ride along with geometries so readers and writers
/// keep them, and the Python side turns them into a pandas DataFrame.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace watchmap {

/// Value kinds a column can hold. DateTime values are seconds since 1970-01-01 UTC.
enum class ColumnType { Integer, Real, String, Boolean, DateTime };

/// Name of a column type ("integer", "real", "string", "boolean", "datetime").
const char* to_string(ColumnType type);
/// The inverse of to_string (InvalidInput listing the names otherwise).
ColumnType column_type_from_name(std::string_view name);

/// One attribute column. Exactly one value vector is in use, chosen by `type`:
/// Integer, Boolean (0/1) and DateTime use `ints`, Real uses `reals`, String uses `strings`.
/// `is_null` is empty when no value is missing, else one flag per row.
struct Column {
  std::string name;
  ColumnType type = ColumnType::Real;
  std::vector<int64_t> ints;
  std::vector<double> reals;
  std::vector<std::string> strings;
  std::vector<uint8_t> is_null;

  /// Number of rows held.
  size_t size() const;
  /// True when row `row` is missing.
  bool null_at(size_t row) const { return !is_null.empty() && is_null[row] != 0; }
  /// Rows `rows` of this column, in that order.
  Column take(const std::vector<int64_t>& rows) const;
};

/// Columns of equal length. Column names are unique.
class Table {
 public:
  Table() = default;

  /// Rows in every column (0 when there are no columns).
  size_t rows() const { return columns_.empty() ? rows_hint_ : columns_.front().size(); }
  size_t num_columns() const { return columns_.size(); }
  const std::vector<Column>& columns() const { return columns_; }

  /// Adds a column; throws InvalidInput when the name is taken or the length differs.
  void add(Column column);
  /// The column called `name`; throws InvalidInput listing the existing names when absent.
  const Column& column(const std::string& name) const;
  /// Pointer to the column called `name`, or nullptr.
  const Column* find(const std::string& name) const;
  /// Removes the column `name` if present.
  void remove(const std::string& name);
  /// Rows `rows`, in that order.
  Table take(const std::vector<int64_t>& rows) const;
  /// For a table without columns, the number of rows it stands for.
  void set_rows_hint(size_t rows) { rows_hint_ = rows; }

 private:
  std::vector<Column> columns_;
  size_t rows_hint_ = 0;
};

}  // namespace watchmap
