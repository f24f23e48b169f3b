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

Box extent_of(const py::handle& obj) {
  if (py::isinstance<PointSet>(obj)) return obj.cast<const PointSet&>().bounds();
  if (py::isinstance<PolygonSet>(obj)) return obj.cast<const PolygonSet&>().bounds();
  if (py::isinstance<Raster>(obj)) return obj.cast<const Raster&>().grid.bounds();
  if (py::isinstance<Grid>(obj)) return obj.cast<const Grid&>().bounds();
  auto t = obj.cast<std::vector<double>>();
  if (t.size() != 4) throw InvalidInput("extent must be a layer, a Grid or (xmin, ymin, xmax, ymax)");
  return Box{t[0], t[1], t[2], t[3]};
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

  m.def(
      "_square_grid",
      [](const py::object& extent, double cell_size_m, const py::object& crs, double margin_m) {
        const Box box = extent_of(extent);
        const Crs c = crs_from_py(crs);
        py::gil_scoped_release release;
        return square_grid(box, cell_size_m, c, {margin_m});
      },
      py::arg("extent"), py::arg("cell_size_m"), py::arg("crs"), py::arg("margin_m"));

  m.def(
      "_square_grid_raster",
      [](const py::object& extent, double cell_size_m, const py::object& crs, double margin_m) {
        return square_grid_raster(extent_of(extent), cell_size_m, crs_from_py(crs), {margin_m});
      },
      py::arg("extent"), py::arg("cell_size_m"), py::arg("crs"), py::arg("margin_m"));

  m.def(
      "_hex_grid",
      [](const py::object& extent, double cell_size_m, const py::object& crs, double margin_m) {
        const Box box = extent_of(extent);
        const Crs c = crs_from_py(crs);
        py::gil_scoped_release release;
        return hex_grid(box, cell_size_m, c, {margin_m});
      },
      py::arg("extent"), py::arg("cell_size_m"), py::arg("crs"), py::arg("margin_m"));

  m.def(
      "_cells_within",
      [](const PolygonSet& cells, const PolygonSet& boundary, bool clip) {
        py::gil_scoped_release release;
        return cells_within(cells, boundary, clip);
      },
      py::arg("cells"), py::arg("boundary"), py::arg("clip"));
}

}  // namespace watchmap::bindings
