#include "common.hpp"
#include "watchmap/join.hpp"
#include "watchmap/nearest.hpp"
#include "watchmap/tessellate.hpp"

namespace watchmap::bindings {

namespace {

template <typename T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
  // Move the result into a capsule-owned buffer: no copy.
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(owned->size())}, {static_cast<py::ssize_t>(sizeof(T))}, owned->data(),
                        free_when_done);
}

// Binds a tessellation function (square_grid, hex_grid) taking an extent given as a layer or box.
template <typename Make>
void bind_cells(py::module_& m, const char* name, Make make) {
  m.def(
      name,
      [make](const py::object& extent, double cell_size_m, const py::object& crs, double margin_m) {
        const Box box = extent_from_py(extent);
        const Crs c = crs_from_py(crs);
        py::gil_scoped_release release;
        return make(box, cell_size_m, c, TessellationOptions{margin_m});
      },
      py::arg("extent"), py::arg("cell_size_m"), py::arg("crs"), py::arg("margin_m"));
}

}  // namespace

void bind_join(py::module_& m) {
  m.def(
      "_locate",
      [](const PointSet& points, const PolygonSet& polygons, int threads) {
        std::vector<int64_t> out;
        {
          py::gil_scoped_release release;
          out = locate(points, polygons, {threads});
        }
        return to_numpy(std::move(out));
      },
      py::arg("points"), py::arg("polygons"), py::arg("threads") = 0);

  m.def(
      "_nearest",
      [](const PointSet& points, const PointSet& targets, double max_distance_m, int threads) {
        NearestResult r;
        {
          py::gil_scoped_release release;
          r = nearest(points, targets, {max_distance_m, threads});
        }
        return py::make_tuple(to_numpy(std::move(r.index)), to_numpy(std::move(r.distance_m)));
      },
      py::arg("points"), py::arg("targets"), py::arg("max_distance_m"), py::arg("threads") = 0);

  m.def(
      "_pairs_within",
      [](const PointSet& a, const PointSet& b, double radius_m, int threads) {
        PairList r;
        {
          py::gil_scoped_release release;
          r = pairs_within(a, b, radius_m, threads);
        }
        return py::make_tuple(to_numpy(std::move(r.a)), to_numpy(std::move(r.b)), to_numpy(std::move(r.distance_m)));
      },
      py::arg("a"), py::arg("b"), py::arg("radius_m"), py::arg("threads") = 0);

  bind_cells(m, "_square_grid", [](const Box& b, double size, const Crs& c, const TessellationOptions& o) {
    return square_grid(b, size, c, o);
  });
  bind_cells(m, "_hex_grid", [](const Box& b, double size, const Crs& c, const TessellationOptions& o) {
    return hex_grid(b, size, c, o);
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
