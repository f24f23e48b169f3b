#include <pybind11/stl/filesystem.h>

#include "common.hpp"
#include "watchmap/grid.hpp"
#include "watchmap/io.hpp"

namespace watchmap::bindings {

namespace {

Resampling resampling_from(const std::string& name) {
  if (name == "nearest") return Resampling::Nearest;
  if (name == "bilinear") return Resampling::Bilinear;
  if (name == "cubic") return Resampling::Cubic;
  if (name == "average") return Resampling::Average;
  throw InvalidInput("resampling must be 'nearest', 'bilinear', 'cubic' or 'average', not '" + name + "'");
}

RasterType raster_type_from(const std::string& name) {
  if (name == "float64") return RasterType::Float64;
  if (name == "float32") return RasterType::Float32;
  if (name == "int32") return RasterType::Int32;
  throw InvalidInput("dtype must be 'float64', 'float32' or 'int32', not '" + name + "'");
}

Crs crs_of(const py::handle& obj) {
  if (py::isinstance<PointSet>(obj)) return obj.cast<const PointSet&>().crs();
  if (py::isinstance<PolygonSet>(obj)) return obj.cast<const PolygonSet&>().crs();
  if (py::isinstance<Raster>(obj)) return obj.cast<const Raster&>().grid.crs;
  return Crs{};
}

}  // namespace

Box extent_from_py(const py::handle& obj) {
  if (py::isinstance<PointSet>(obj)) return obj.cast<const PointSet&>().bounds();
  if (py::isinstance<PolygonSet>(obj)) return obj.cast<const PolygonSet&>().bounds();
  if (py::isinstance<Raster>(obj)) return obj.cast<const Raster&>().grid.bounds();
  if (py::isinstance<Grid>(obj)) return obj.cast<const Grid&>().bounds();
  auto t = obj.cast<std::vector<double>>();
  if (t.size() != 4) throw InvalidInput("extent must be a layer, a Grid or (xmin, ymin, xmax, ymax)");
  return Box{t[0], t[1], t[2], t[3]};
}

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
                       const py::object& crs) { return Grid(xmin, ymin, cell_size_m, ncols, nrows, crs_from_py(crs)); }),
           py::kw_only(), py::arg("xmin"), py::arg("ymin"), py::arg("cell_size_m"), py::arg("ncols"), py::arg("nrows"),
           py::arg("crs") = py::none())
      .def_readonly("xmin", &Grid::xmin)
      .def_readonly("ymin", &Grid::ymin)
      .def_property_readonly("xmax", &Grid::xmax)
      .def_property_readonly("ymax", &Grid::ymax)
      .def_readonly("cell_width", &Grid::cell_width)
      .def_readonly("cell_height", &Grid::cell_height)
      .def_property_readonly("cell_size_m", [](const Grid& g) {
        if (g.cell_width != g.cell_height) throw InvalidInput("grid cells are not square");
        return g.cell_width;
      })
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
            Crs c = crs.is_none() ? crs_of(layer) : crs_from_py(crs);
            const Box box = extent_from_py(layer);
            // ArcGIS's default: the shorter side of the output extent divided by 250.
            double size = std::min(box.width(), box.height()) / 250.0;
            if (!(size > 0.0)) size = std::max(box.width(), box.height()) / 250.0;  // points in a line
            return Grid::covering(box, cell_size_m ? *cell_size_m : size, margin_m, c);
          },
          py::arg("layer"), py::arg("cell_size_m") = py::none(), py::kw_only(), py::arg("margin_m") = 0.0,
          py::arg("crs") = py::none(),
          R"pbdoc(A grid covering a layer (or an (xmin, ymin, xmax, ymax) extent) plus margin_m.

The corner is snapped to a multiple of the cell size so grids of one size line up. Without
cell_size_m, the cell is the shorter side of the extent / 250 (ArcGIS's default).)pbdoc")
      .def("__eq__", &Grid::operator==)
      .def("__repr__", [](const Grid& g) {
        return "Grid(xmin=" + std::to_string(g.xmin) + ", ymin=" + std::to_string(g.ymin) + ", cell=" +
               std::to_string(g.cell_width) + "x" + std::to_string(g.cell_height) + ", ncols=" + std::to_string(g.ncols) +
               ", nrows=" + std::to_string(g.nrows) + ", crs=" + g.crs.to_string() + ")";
      });

  py::class_<Raster>(m, "Raster", py::dynamic_attr(), R"pbdoc(
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
            RasterWriteOptions options{raster_type_from(dtype), compress};
            py::gil_scoped_release release;
            write_raster(r, path.string(), options);
          },
          py::arg("path"), py::kw_only(), py::arg("dtype") = "float64", py::arg("compress") = true,
          R"pbdoc(Write a GeoTIFF (CRS and nodata kept) through a temporary file renamed at the end.

``dtype`` is "float64" (default), "float32" or "int32" (values must be whole numbers; NaN
cells become the nodata value). DEFLATE-compressed unless ``compress=False``.

Examples
--------
>>> density.write("density.tif")
)pbdoc")
      .def(
          "to_crs",
          [](const Raster& r, const py::object& crs, double cell_size_m, const std::string& resampling) {
            Crs target = crs_from_py(crs);
            Resampling how = resampling_from(resampling);
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
      .def("__copy__", [](const Raster& r) { return Raster(r); })
      .def("__deepcopy__", [](const Raster& r, const py::dict&) { return Raster(r); });
}

}  // namespace watchmap::bindings
