#include "common.hpp"
#include "watchmap/polygon_ops.hpp"

namespace watchmap::bindings {

void bind_polygon_ops(py::module_& m) {
  m.def("validity_problems", [](const PolygonSet& p) {
    py::gil_scoped_release release;
    return validity_problems(p);
  }, py::arg("polygons"), "Per feature: '' when valid, else GEOS's reason.");

  m.def(
      "make_valid",
      [](const PolygonSet& p, bool strict) {
        return without_gil_collecting_warnings([&](const WarningHandler& warn) { return make_valid(p, strict, warn); });
      },
      py::arg("polygons"), py::kw_only(), py::arg("strict") = false,
      "Repair invalid features with GEOS MakeValid (warning for each); strict=True raises instead.");

  m.def("union_all", [](const PolygonSet& p) {
    py::gil_scoped_release release;
    return union_all(p);
  }, py::arg("polygons"), "The union of all features as one feature.");

  m.def("clip", [](const PolygonSet& p, const PolygonSet& mask) {
    py::gil_scoped_release release;
    return clip(p, mask);
  }, py::arg("polygons"), py::arg("mask"), "Each feature intersected with the union of mask (attributes kept).");

  m.def("voronoi_cells", [](const PointSet& seeds, const PolygonSet& boundary) {
    py::gil_scoped_release release;
    return voronoi_cells(seeds, boundary);
  }, py::arg("seeds"), py::arg("boundary"), "Voronoi cell of each seed, clipped to the boundary, in seed order.");

  m.def("intersection_area", &intersection_area, py::arg("a"), py::arg("i"), py::arg("b"), py::arg("j"),
        "Area of feature i of a intersected with feature j of b.");
}

}  // namespace watchmap::bindings
