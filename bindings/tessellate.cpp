#include "common.hpp"
#include "watchmap/tessellate.hpp"

namespace watchmap::bindings {

namespace {

// Binds square_grid / hex_grid: the extent is a layer (its metric frame is used) or a box in `crs`.
template <typename Make>
void bind_cells(py::module_& m, const char* name, Make make) {
  m.def(
      name,
      [make](const py::object& extent, double cell_size_m, const py::object& crs, double margin_m) {
        const MetricExtent metric = metric_extent_from_py(extent, crs);
        py::gil_scoped_release release;
        return make(metric, cell_size_m, TessellationOptions{margin_m});
      },
      py::arg("extent"), py::arg("cell_size_m"), py::arg("crs"), py::arg("margin_m"));
}

}  // namespace

void bind_tessellate(py::module_& m) {
  bind_cells(m, "_square_grid", [](const MetricExtent& e, double size, const TessellationOptions& o) {
    return square_grid(e, size, o);
  });
  bind_cells(m, "_hex_grid", [](const MetricExtent& e, double size, const TessellationOptions& o) {
    return hex_grid(e, size, o);
  });
  m.def(
      "_cells_within",
      [](const PolygonSet& cells, const PolygonSet& boundary, bool clip) {
        py::gil_scoped_release release;
        return cells_within(cells, boundary, clip);
      },
      py::arg("cells"), py::arg("boundary"), py::arg("clip"));
}

}  // namespace watchmap::bindings
