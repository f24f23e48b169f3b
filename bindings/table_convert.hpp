#pragma once
#include "common.hpp"
#include "watchmap/table.hpp"

namespace watchmap::bindings {

/// [(name, type, values, nulls)]: values a numpy array (list of str for strings), nulls a bool
/// array or None. Copies (attributes are small next to coordinates).
py::list table_to_py(const Table& table);

/// The inverse; `rows` is the owning layer's size (checked for every column).
Table table_from_py(const py::handle& columns, size_t rows);

}  // namespace watchmap::bindings
