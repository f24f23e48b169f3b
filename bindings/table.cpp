// Attribute tables cross the boundary as lists of (name, type, values, nulls) tuples; the Python
// layer turns them into pandas columns (python/watchmap/_frames.py).
#include "common.hpp"
#include "table_convert.hpp"

namespace watchmap::bindings {

py::list table_to_py(const Table& table) {
  py::list out;
  for (const Column& c : table.columns()) {
    py::object values;
    switch (c.type) {
      case ColumnType::Real: values = py::array_t<double>(static_cast<py::ssize_t>(c.reals.size()), c.reals.data()); break;
      case ColumnType::String: values = py::cast(c.strings); break;
      default: values = py::array_t<int64_t>(static_cast<py::ssize_t>(c.ints.size()), c.ints.data()); break;
    }
    py::object nulls = py::none();
    if (!c.is_null.empty()) {
      nulls = py::array_t<bool>(static_cast<py::ssize_t>(c.is_null.size()), reinterpret_cast<const bool*>(c.is_null.data()));
    }
    out.append(py::make_tuple(c.name, to_string(c.type), values, nulls));
  }
  return out;
}

Table table_from_py(const py::handle& columns, size_t rows) {
  Table table;
  table.set_rows_hint(rows);
  if (columns.is_none()) return table;
  for (const py::handle item : columns) {
    auto t = item.cast<py::tuple>();
    if (t.size() != 4) throw InvalidInput("attribute columns must be (name, type, values, nulls) tuples");
    Column c;
    c.name = t[0].cast<std::string>();
    c.type = column_type_from_name(t[1].cast<std::string>());
    const std::string label = "attribute column '" + c.name + "'";
    switch (c.type) {
      case ColumnType::Real: c.reals = to_vector<double>(t[2], label.c_str(), static_cast<py::ssize_t>(rows)); break;
      case ColumnType::String: c.strings = t[2].cast<std::vector<std::string>>(); break;
      default: c.ints = to_vector<int64_t>(t[2], label.c_str(), static_cast<py::ssize_t>(rows)); break;
    }
    if (!t[3].is_none()) c.is_null = to_vector<uint8_t>(t[3], label.c_str(), static_cast<py::ssize_t>(rows));
    table.add(std::move(c));
  }
  return table;
}

}  // namespace watchmap::bindings
