#include <pybind11/stl/filesystem.h>

#include "common.hpp"
#include "result.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/grid.hpp"
#include "watchmap/io.hpp"

namespace watchmap::bindings {

MetricExtent metric_extent_from_py(const py::handle& obj, const py::handle& crs) {
  const bool is_layer = py::isinstance<PointSet>(obj) || py::isinstance<PolygonSet>(obj) ||
                        py::isinstance<Raster>(obj) || py::isinstance<Grid>(obj);
  if (is_layer && !crs.is_none()) {
    throw InvalidInput("crs= is only for an (xmin, ymin, xmax, ymax) extent; a layer brings its own CRS");
  }
  if (py::isinstance<PointSet>(obj)) return metric_extent(obj.cast<const PointSet&>());
  if (py::isinstance<PolygonSet>(obj)) return metric_extent(obj.cast<const PolygonSet&>());
  if (py::isinstance<Raster>(obj)) return metric_extent(obj.cast<const Raster&>().grid);
  if (py::isinstance<Grid>(obj)) return metric_extent(obj.cast<const Grid&>());
  std::vector<double> t;
  try {
    t = obj.cast<std::vector<double>>();
  } catch (const py::cast_error&) {
    t.clear();
  }
  if (t.size() != 4) {
    throw InvalidInput("extent must be a PointSet, PolygonSet, Raster, Grid or (xmin, ymin, xmax, ymax), not " +
                       py::repr(obj).cast<std::string>().substr(0, 80));
  }
  return metric_extent(Box{t[0], t[1], t[2], t[3]}, crs_from_py(crs));
}

namespace {

py::tuple grid_state(const Grid& g) {
  return py::make_tuple(g.xmin, g.ymin, g.cell_width, g.cell_height, g.ncols, g.nrows, g.crs.wkt());
}

Grid grid_from_state(const py::tuple& s) {
  Grid g;
  g.xmin = s[0].cast<double>();
  g.ymin = s[1].cast<double>();
  g.cell_width = s[2].cast<double>();
  g.cell_height = s[3].cast<double>();
  g.ncols = s[4].cast<int64_t>();
  g.nrows = s[5].cast<int64_t>();
  g.crs = Crs::from_user_input(s[6].cast<std::string>());
  g.validate();
  return g;
}

}  // namespace

void bind_grid(py::module_& m) {
  py::class_<Grid>(m, "Grid", R"pbdoc(
North-up raster geometry: lower-left corner, square cells of ``cell_size_m``, columns and rows.
Row 0 is the northern row; values are evaluated at cell centres.

Examples
--------
>>> g = watchmap.Grid(xmin=580000.0, ymin=2440000.0, cell_size_m=100.0, ncols=400, nrows=300,
...                   crs="EPSG:32648")
>>> g.x_centers[:3], g.y_centers[:3]
>>> watchmap.Grid.covering(d.boundary, 100.0, margin_m=1000.0)
)pbdoc")
      .def(py::init([](double xmin, double ymin, double cell_size_m, int64_t ncols, int64_t nrows,
                       const py::object& crs) {
             Crs c = crs_from_py(crs);
             if (!c.is_metric()) {
               throw CrsError("Grid(cell_size_m=...) needs a CRS in metres, but " + c.to_string() + " (" + c.name() +
                              ") is not; use a projected CRS such as watchmap.utm_crs(lon, lat), or "
                              "Grid.covering(layer, cell_size_m), which chooses one");
             }
             return Grid(xmin, ymin, cell_size_m, ncols, nrows, c);
           }),
           py::kw_only(), py::arg("xmin"), py::arg("ymin"), py::arg("cell_size_m"), py::arg("ncols"), py::arg("nrows"),
           py::arg("crs") = py::none())
      .def_readonly("xmin", &Grid::xmin)
      .def_readonly("ymin", &Grid::ymin)
      .def_property_readonly("xmax", &Grid::xmax)
      .def_property_readonly("ymax", &Grid::ymax)
      .def_readonly("cell_width", &Grid::cell_width)
      .def_readonly("cell_height", &Grid::cell_height)
      .def_property_readonly("cell_size_m", [](const Grid& g) {
        if (!g.crs.is_metric()) {
          throw CrsError("this grid is in " + g.crs.to_string() + ", not in metres; its cell size in CRS units is "
                         "cell_width x cell_height");
        }
        if (g.cell_width != g.cell_height) throw InvalidInput("grid cells are not square; see cell_width and cell_height");
        return g.cell_width;
      }, "Side of the square cells in metres (CrsError for a grid not in metres).")
      .def_readonly("ncols", &Grid::ncols)
      .def_readonly("nrows", &Grid::nrows)
      .def_readonly("crs", &Grid::crs)
      .def_property_readonly("shape", [](const Grid& g) { return py::make_tuple(g.nrows, g.ncols); })
      .def_property_readonly("bounds", [](const Grid& g) { return bounds_tuple(g.bounds()); })
      .def_property_readonly("x_centers", [](const Grid& g) {
        py::array_t<double> out(g.ncols);
        for (int64_t c = 0; c < g.ncols; ++c) out.mutable_at(c) = g.center_x(c);
        return out;
      }, "x of each column's cell centres, west to east.")
      .def_property_readonly("y_centers", [](const Grid& g) {
        py::array_t<double> out(g.nrows);
        for (int64_t r = 0; r < g.nrows; ++r) out.mutable_at(r) = g.center_y(r);
        return out;
      }, "y of each row's cell centres, north to south.")
      .def_static(
          "covering",
          [](const py::object& layer, const std::optional<double>& cell_size_m, double margin_m, const py::object& crs) {
            const MetricExtent extent = metric_extent_from_py(layer, crs);
            const double size = cell_size_m ? *cell_size_m : arcgis_default_cell_size(extent.bounds);
            return Grid::covering(extent.bounds, size, margin_m, extent.crs);
          },
          py::arg("layer"), py::arg("cell_size_m") = py::none(), py::kw_only(), py::arg("margin_m") = 0.0,
          py::arg("crs") = py::none(),
          R"pbdoc(A grid covering a layer (or an (xmin, ymin, xmax, ymax) extent in ``crs``) plus margin_m.

The grid is in the layer's metric frame: its CRS when in metres, else the UTM zone of its centre
(so lon/lat and feet layers get metre cells). The corner is snapped to a multiple of the cell
size so grids of one size line up. Without cell_size_m, the cell is the shorter side of the
extent / 250 (ArcGIS's default).

Examples
--------
>>> grid = watchmap.Grid.covering(d.boundary, 100.0, margin_m=1000.0)
>>> watchmap.Grid.covering(d.boundary.to_crs("EPSG:4326"), 100.0).crs    # UTM, metres
Crs('EPSG:32648')
)pbdoc")
      .def("__eq__", [](const Grid& g, const py::object& other) {
        return py::isinstance<Grid>(other) && g == other.cast<const Grid&>();
      })
      .def("__hash__", [](const Grid& g) { return py::hash(grid_state(g)); })
      .def(py::pickle([](const Grid& g) { return grid_state(g); }, [](const py::tuple& s) { return grid_from_state(s); }))
      .def("__repr__", [](const Grid& g) {
        return "Grid(xmin=" + std::to_string(g.xmin) + ", ymin=" + std::to_string(g.ymin) + ", cell=" +
               std::to_string(g.cell_width) + "x" + std::to_string(g.cell_height) + ", ncols=" + std::to_string(g.ncols) +
               ", nrows=" + std::to_string(g.nrows) + ", crs=" + g.crs.to_string() + ")";
      });

  py::class_<Raster>(m, "Raster", R"pbdoc(
A Grid plus float64 values (nrows × ncols, row 0 = north) and an optional nodata value.
``values`` is a writable 2-D numpy view (no copy).

Examples
--------
>>> r = watchmap.Raster(np.zeros((300, 400)), g, nodata=-9999.0)
>>> r.values[0, :10] = 1.0          # edits the raster itself
>>> r.write("out.tif", dtype="float32")
)pbdoc")
      .def(py::init([](const py::object& values, const Grid& grid, const std::optional<double>& nodata) {
             auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(values);
             if (!arr || arr.ndim() != 2 || arr.shape(0) != grid.nrows || arr.shape(1) != grid.ncols) {
               throw InvalidInput("raster values must be a 2-D array of shape (" + std::to_string(grid.nrows) + ", " +
                                  std::to_string(grid.ncols) + ") to match the grid");
             }
             return Raster(grid, std::vector<double>(arr.data(), arr.data() + arr.size()), nodata);
           }),
           py::arg("values"), py::arg("grid"), py::arg("nodata") = py::none())
      .def_static(
          "full",
          [](const Grid& grid, double fill_value, const std::optional<double>& nodata) {
            py::gil_scoped_release release;
            return Raster(grid, fill_value, nodata);
          },
          py::arg("grid"), py::arg("fill_value") = 0.0, py::arg("nodata") = py::none(),
          R"pbdoc(A raster on ``grid`` with every cell set to ``fill_value``.

Refuses grids too large for the free memory with InvalidInputError giving the estimate.

Examples
--------
>>> blank = watchmap.Raster.full(g, 0.0, nodata=-1.0)
)pbdoc")
      .def_property_readonly("values", [](const py::object& self) {
        auto& r = self.cast<Raster&>();
        return py::array_t<double>({r.grid.nrows, r.grid.ncols},
                                   {static_cast<py::ssize_t>(r.grid.ncols * sizeof(double)),
                                    static_cast<py::ssize_t>(sizeof(double))},
                                   r.values.data(), self);
      })
      .def_readonly("grid", &Raster::grid)
      .def_property_readonly("crs", [](const Raster& r) { return r.grid.crs; })
      .def_readwrite("nodata", &Raster::nodata)
      .def_property_readonly("shape", [](const Raster& r) { return py::make_tuple(r.grid.nrows, r.grid.ncols); })
      .def_property_readonly("bounds", [](const Raster& r) { return bounds_tuple(r.grid.bounds()); })
      .def(
          "write",
          [](const Raster& r, const std::filesystem::path& path, const std::string& dtype, bool compress) {
            RasterWriteOptions options{raster_type_from_name(dtype), compress};
            py::gil_scoped_release release;
            write_raster(r, path.string(), options);
          },
          py::arg("path"), py::kw_only(), py::arg("dtype") = "float64", py::arg("compress") = true,
          R"pbdoc(Write a GeoTIFF (CRS and nodata kept) through a temporary file renamed at the end.

``dtype`` is "float64" (default), "float32", or an integer type: "int32", "int16", "uint8",
"uint16". Integer values must be whole numbers in range; NaN cells are written as an integer
nodata: ``nodata`` when the type can hold it (else an error), or, when ``nodata`` is None or NaN,
the type's minimum (int16/int32) or maximum (uint8/uint16). DEFLATE-compressed unless
``compress=False``. The file is written to a temporary name and renamed (keeping an existing
file's permissions; a read-only file is refused).

Examples
--------
>>> density.write("density.tif")
)pbdoc")
      .def(
          "to_crs",
          [](const Raster& r, const py::object& crs, double cell_size_m, const std::string& resampling) {
            Crs target = target_crs(crs, r.grid.crs, r.grid.bounds());
            Resampling how = resampling_from_name(resampling);
            py::gil_scoped_release release;
            return reproject(r, target, cell_size_m, how);
          },
          py::arg("crs"), py::kw_only(), py::arg("cell_size_m") = 0.0, py::arg("resampling") = "bilinear",
          R"pbdoc(Warp into another CRS with GDAL; ``cell_size_m=0`` lets GDAL choose the cell size.

``resampling`` is "nearest", "bilinear" (default), "cubic" or "average". Cells with no source
data become nodata (NaN when the source has none).

Examples
--------
>>> dem_utm = watchmap.read_raster("srtm_lonlat.tif").to_crs("EPSG:32648", cell_size_m=30.0)
)pbdoc")
      .def(
          "sample",
          [](const Raster& r, const PointSet& points, const std::string& how) {
            const Sampling sampling = sampling_from_name(how);
            std::vector<double> out;
            {
              py::gil_scoped_release release;
              out = sample(r, points, sampling);
            }
            return to_numpy(std::move(out));
          },
          py::arg("points"), py::kw_only(), py::arg("method") = "cell",
          R"pbdoc(The raster's value at each point (NaN outside the raster or on nodata).

Points are brought into the raster's CRS. ``method="cell"`` (default) reads the cell holding the
point; ``"bilinear"`` interpolates between the four nearest cell centres (NaN if any is nodata).

Examples
--------
>>> elevation_m = d.dem.sample(d.teams)
)pbdoc")
      .def_property_readonly("extent", [](const Raster& r) {
        return py::make_tuple(r.grid.xmin, r.grid.xmax(), r.grid.ymin, r.grid.ymax());
      }, "(left, right, bottom, top) in CRS units, as matplotlib's imshow(extent=...) wants.")
      .def(py::pickle(
          [](const Raster& r) { return py::make_tuple(grid_state(r.grid), r.values, r.nodata); },
          [](const py::tuple& s) {
            return Raster(grid_from_state(s[0]), s[1].cast<std::vector<double>>(), s[2].cast<std::optional<double>>());
          }))
      .def("__copy__", [](const Raster& r) { return Raster(r); })
      .def("__deepcopy__", [](const Raster& r, const py::dict&) { return Raster(r); });
}

}  // namespace watchmap::bindings
