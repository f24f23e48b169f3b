#include "common.hpp"
#include "watchmap/polygon_ops.hpp"

namespace watchmap::bindings {

void bind_polygon_ops(py::module_& m) {
  m.def("validity_problems", [](const PolygonSet& p) {
    py::gil_scoped_release release;
    return validity_problems(p);
  }, py::arg("polygons"), R"pbdoc(Why each polygon is invalid: '' when valid, else GEOS's reason.

Examples
--------
>>> problems = watchmap.validity_problems(hamlets)
>>> [i for i, p in enumerate(problems) if p]      # the invalid features
)pbdoc");

  m.def(
      "make_valid",
      [](const PolygonSet& p, bool strict) {
        return without_gil_collecting_warnings([&](const WarningHandler& warn) { return make_valid(p, strict, warn); });
      },
      py::arg("polygons"), py::kw_only(), py::arg("strict") = false,
      R"pbdoc(Repair invalid polygons with GEOS MakeValid, keeping only their polygonal parts.

Each repair issues a WatchmapWarning naming the feature and the reason; ``strict=True`` raises
GeometryError for the first invalid feature instead. Attributes are kept.

Examples
--------
>>> fixed = watchmap.make_valid(hamlets)
)pbdoc");

  m.def("union_all", [](const PolygonSet& p) {
    py::gil_scoped_release release;
    return union_all(p);
  }, py::arg("polygons"), R"pbdoc(The union of all features as one feature (a multipolygon when they are disjoint).

Examples
--------
>>> district = watchmap.union_all(d.hamlets)
>>> district.areas()[0] / 1e6       # km²
)pbdoc");

  m.def("clip", [](const PolygonSet& p, const PolygonSet& mask) {
    py::gil_scoped_release release;
    return clip(p, mask);
  }, py::arg("polygons"), py::arg("mask"), R"pbdoc(Each feature cut to the union of ``mask``; features that miss it become empty.

Attributes are kept. Both layers must be in the same CRS (CrsError otherwise).

Examples
--------
>>> cells = watchmap.clip(watchmap.square_grid(d.boundary, 500.0), d.boundary)
)pbdoc");

  m.def("voronoi_cells", [](const PointSet& seeds, const PolygonSet& boundary) {
    py::gil_scoped_release release;
    return voronoi_cells(seeds, boundary);
  }, py::arg("seeds"), py::arg("boundary"), R"pbdoc(The Voronoi cell of each seed, clipped to the union of ``boundary``, in seed order.

A seed that duplicates an earlier one, or lies outside the boundary, gets an empty cell.
Useful for "catchment" polygons of team bases.

Examples
--------
>>> catchments = watchmap.voronoi_cells(d.teams, d.boundary)
)pbdoc");

  m.def("intersection_area", &intersection_area, py::arg("a"), py::arg("i"), py::arg("b"), py::arg("j"),
        R"pbdoc(Area of feature ``i`` of ``a`` intersected with feature ``j`` of ``b`` (CRS units²).

Examples
--------
>>> watchmap.intersection_area(d.hamlets, 0, d.communes, 0)
)pbdoc");
}

}  // namespace watchmap::bindings
