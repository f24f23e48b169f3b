#include "common.hpp"
#include "progress.hpp"
#include "watchmap/io.hpp"

namespace watchmap::bindings {

namespace {

// None = the file's own CRS; "local" = an empty Crs (a local metric frame, insisted on).
std::optional<Crs> requested_crs(const py::object& crs) {
  if (crs.is_none()) return std::nullopt;
  return crs_from_py(crs);
}

// Runs `work(warn, progress)` without the GIL with progress/Ctrl-C, then issues the warnings.
template <typename Work>
auto run_io(const py::object& progress, Work&& work) {
  WarningCollector warnings;
  PythonProgress hook(progress);
  auto result = hook.run([&] { return work(warnings.handler(), hook.hook()); });
  warnings.emit();
  return result;
}

// One vector write: options from the Python arguments, run without the GIL with progress/Ctrl-C,
// GDAL's warnings issued as WatchmapWarning afterwards.
template <typename Write>
void write_layer(const std::string& layer, const std::string& driver, const std::string& mode,
                 int lock_timeout_ms, const py::object& progress, Write&& write) {
  VectorWriteOptions options;
  options.layer = layer;
  options.driver = driver;
  options.mode = write_mode_from_name(mode);
  options.lock_timeout_ms = lock_timeout_ms;
  WarningCollector warnings;
  options.warn = warnings.handler();
  PythonProgress hook(progress);
  options.progress = hook.hook();
  hook.run([&] { write(options); });
  warnings.emit();
}

}  // namespace

void bind_io(py::module_& m) {
  m.def(
      "_read_points",
      [](const std::string& path, const std::string& layer, const std::string& x, const std::string& y,
         const py::object& crs, const std::string& time, const std::string& weight, bool skip_invalid,
         const py::object& progress, const std::vector<std::string>& text_fields, const std::string& sql) {
        PointReadOptions options;
        options.skip_invalid = skip_invalid;
        options.layer = layer;
        options.x_field = x;
        options.y_field = y;
        options.crs = requested_crs(crs);
        options.time_field = time;
        options.weight_field = weight;
        options.text_fields = text_fields;
        options.sql = sql;
        return run_io(progress, [&](WarningHandler warn, ProgressCallback hook) {
          options.warn = std::move(warn);
          options.progress = std::move(hook);
          return read_points(path, options);
        });
      },
      py::arg("path"), py::arg("layer"), py::arg("x"), py::arg("y"), py::arg("crs"), py::arg("time"),
      py::arg("weight"), py::arg("skip_invalid") = false, py::arg("progress") = py::none(),
      py::arg("text_fields") = std::vector<std::string>{}, py::arg("sql") = "");

  m.def(
      "_read_polygons",
      [](const std::string& path, const std::string& layer, const py::object& crs, bool strict,
         const py::object& progress, const std::string& sql) {
        PolygonReadOptions options;
        options.layer = layer;
        options.crs = requested_crs(crs);
        options.strict = strict;
        options.sql = sql;
        return run_io(progress, [&](WarningHandler warn, ProgressCallback hook) {
          options.warn = std::move(warn);
          options.progress = std::move(hook);
          return read_polygons(path, options);
        });
      },
      py::arg("path"), py::arg("layer"), py::arg("crs"), py::arg("strict"), py::arg("progress") = py::none(),
      py::arg("sql") = "");

  m.def("_read_raster", [](const std::string& path, int band, const py::object& progress) {
    return run_io(progress, [&](WarningHandler warn, ProgressCallback hook) { return read_raster(path, band, warn, hook); });
  }, py::arg("path"), py::arg("band"), py::arg("progress") = py::none());

  m.def("list_layers", [](const std::string& path) {
    py::gil_scoped_release release;
    return list_layers(path);
  }, py::arg("path"), "Names of the vector layers in a file.");

  m.def(
      "_write_points",
      [](const PointSet& points, const std::string& path, const std::string& layer, const std::string& driver,
         const std::string& mode, int lock_timeout_ms, const py::object& progress) {
        write_layer(layer, driver, mode, lock_timeout_ms, progress,
                    [&](const VectorWriteOptions& options) { write_points(points, path, options); });
      },
      py::arg("points"), py::arg("path"), py::arg("layer"), py::arg("driver"), py::arg("mode"),
      py::arg("lock_timeout_ms"), py::arg("progress"));

  m.def(
      "_write_polygons",
      [](const PolygonSet& polygons, const std::string& path, const std::string& layer, const std::string& driver,
         const std::string& mode, int lock_timeout_ms, const py::object& progress) {
        write_layer(layer, driver, mode, lock_timeout_ms, progress,
                    [&](const VectorWriteOptions& options) { write_polygons(polygons, path, options); });
      },
      py::arg("polygons"), py::arg("path"), py::arg("layer"), py::arg("driver"), py::arg("mode"),
      py::arg("lock_timeout_ms"), py::arg("progress"));

  m.def(
      "_read_lines",
      [](const std::string& path, const std::string& layer, const py::object& crs, const py::object& progress) {
        LineReadOptions options;
        options.layer = layer;
        options.crs = requested_crs(crs);
        return run_io(progress, [&](WarningHandler warn, ProgressCallback hook) {
          options.warn = std::move(warn);
          options.progress = std::move(hook);
          return read_lines(path, options);
        });
      },
      py::arg("path"), py::arg("layer"), py::arg("crs"), py::arg("progress") = py::none());

  m.def(
      "_write_lines",
      [](const LineSet& lines, const std::string& path, const std::string& layer, const std::string& driver,
         const std::string& mode, int lock_timeout_ms, const py::object& progress) {
        write_layer(layer, driver, mode, lock_timeout_ms, progress,
                    [&](const VectorWriteOptions& options) { write_lines(lines, path, options); });
      },
      py::arg("lines"), py::arg("path"), py::arg("layer"), py::arg("driver"), py::arg("mode"),
      py::arg("lock_timeout_ms"), py::arg("progress"));
}

}  // namespace watchmap::bindings
