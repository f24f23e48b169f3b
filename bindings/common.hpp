#pragma once
// Helpers shared by the binding files: CRS coercion, numpy views and copies, warnings.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "watchmap/crs.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/error.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/grid.hpp"

namespace watchmap::bindings {

namespace py = pybind11;

/// None → empty CRS; str/int/Crs/pyproj.CRS (anything with to_wkt()) → Crs.
Crs crs_from_py(const py::handle& obj);

/// The CRS a `to_crs(...)` argument names: "utm" = the UTM zone of `bounds` (in `from`; warns when
/// wider than a zone), anything else as crs_from_py.
Crs target_crs(const py::handle& obj, const Crs& from, const Box& bounds);

/// A numpy view over `values` kept alive by `owner` (no copy).
template <typename T>
py::array_t<T> view(const std::vector<T>& values, const py::handle& owner, bool writeable = false) {
  py::array_t<T> out({static_cast<py::ssize_t>(values.size())}, {static_cast<py::ssize_t>(sizeof(T))}, values.data(),
                     owner);
  if (!writeable) py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return out;
}

/// Copies a 1-D array-like into a vector, checking its length when `expected` >= 0.
template <typename T>
std::vector<T> to_vector(const py::handle& obj, const char* name, py::ssize_t expected = -1) {
  auto arr = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!arr) throw InvalidInput(std::string(name) + ": expected a 1-D array of numbers");
  if (arr.ndim() != 1) {
    throw InvalidInput(std::string(name) + ": expected a 1-D array, got " + std::to_string(arr.ndim()) + " dimensions");
  }
  if (expected >= 0 && arr.shape(0) != expected) {
    throw InvalidInput(std::string(name) + ": expected " + std::to_string(expected) + " values, got " +
                       std::to_string(arr.shape(0)));
  }
  return std::vector<T>(arr.data(), arr.data() + arr.shape(0));
}

/// The extent of a layer in its metric frame (the CRS rule), or of an (xmin, ymin, xmax, ymax)
/// sequence in `crs` (which must be metric). `crs` with a layer is an error.
MetricExtent metric_extent_from_py(const py::handle& obj, const py::handle& crs);

/// (xmin, ymin, xmax, ymax), NaNs for an empty box.
py::tuple bounds_tuple(const Box& box);

/// Collects warnings while the GIL is released; emit() issues them as watchmap.WatchmapWarning.
class WarningCollector {
 public:
  WarningHandler handler() {
    return [this](const std::string& message) { messages_.push_back(message); };
  }
  void emit() const;
  /// Issues one warning now (GIL held).
  static void emit_one(const std::string& message);

 private:
  std::vector<std::string> messages_;
};

/// Runs `work(handler)` without the GIL, then issues the warnings it reported.
template <typename Work>
auto without_gil_collecting_warnings(Work&& work) {
  WarningCollector warnings;
  auto result = [&] {
    py::gil_scoped_release release;
    return work(warnings.handler());
  }();
  warnings.emit();
  return result;
}

/// The WatchmapWarning class (set up in errors.cpp).
py::handle warning_class();

void bind_errors(py::module_& m);
void bind_crs(py::module_& m);
void bind_geometry(py::module_& m);
void bind_line_set(py::module_& m);
void bind_grid(py::module_& m);
void bind_io(py::module_& m);
void bind_polygon_ops(py::module_& m);
void bind_crs_rule(py::module_& m);
void bind_join(py::module_& m);
void bind_nearest(py::module_& m);
void bind_tessellate(py::module_& m);
void bind_density(py::module_& m);
void bind_travel_time(py::module_& m);
void bind_coverage(py::module_& m);
void bind_weights(py::module_& m);
void bind_hotspot(py::module_& m);
void bind_placement(py::module_& m);

}  // namespace watchmap::bindings
