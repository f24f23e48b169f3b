#include "common.hpp"
#include "progress.hpp"
#include "result.hpp"
#include "watchmap/density.hpp"

namespace watchmap::bindings {

void bind_density(py::module_& m) {
  ResultClass<Density, Raster> density(m, "Density", R"pbdoc(
A kernel density surface (from :func:`watchmap.kde`): a Raster of incidents (or weight) per km²
(or expected counts per cell), NaN where masked, plus how it was made.

Everything a Raster does works on it (``values``, ``write``, ``sample``, ``plot``, ``extent``).
)pbdoc");
  density.field("bandwidth_m", &Density::bandwidth_m, "The kernel bandwidth h used, metres.")
      .field_as(
          "kernel", [](const Density& d) { return to_string(d.kernel); },
          [](Density& d, const py::handle& v) { d.kernel = kernel_from_name(v.cast<std::string>()); }, "Kernel name.")
      .field_as(
          "method", [](const Density& d) { return to_string(d.method); },
          [](Density& d, const py::handle& v) { d.method = kde_method_from_name(v.cast<std::string>()); },
          "'exact' or 'binned': the method used.")
      .field_as(
          "output", [](const Density& d) { return to_string(d.output); },
          [](Density& d, const py::handle& v) { d.output = kde_output_from_name(v.cast<std::string>()); },
          "'per_km2' or 'expected_counts'.")
      .field("error_bound", &Density::error_bound,
             "Bound on |result − exact| relative to the peak (0 for the exact method).")
      .state("grid", [](Density& d, const py::handle& v) { d.grid = v.cast<Grid>(); })
      .state("nodata", [](Density& d, const py::handle& v) { d.nodata = v.cast<std::optional<double>>(); })
      .state("values", [](Density& d, const py::handle& v) {
        auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(v);
        d.values.assign(arr.data(), arr.data() + arr.size());
      });
  density.finish();

  m.def(
      "_kde",
      [](const PointSet& points, const Grid& grid, const std::optional<double>& bandwidth_m, const std::string& rule,
         const std::string& kernel, const py::object& weights, const py::object& mask, const std::string& method,
         const std::string& output, double gaussian_tolerance, int threads, const py::object& progress,
         const std::string& exact_algorithm) {
        KdeOptions options;
        options.kernel = kernel_from_name(kernel);
        options.bandwidth_m = bandwidth_m;
        options.rule = bandwidth_rule_from_name(rule);
        if (!weights.is_none()) options.weights = to_vector<double>(weights, "weight", static_cast<py::ssize_t>(points.size()));
        if (!mask.is_none()) options.mask = mask.cast<PolygonSet>();
        options.method = kde_method_from_name(method);
        options.output = kde_output_from_name(output);
        options.gaussian_tolerance = gaussian_tolerance;
        options.exact_algorithm = exact_algorithm_from_name(exact_algorithm);
        options.threads = threads;
        WarningCollector warnings;
        options.warn = warnings.handler();
        PythonProgress hook(progress);
        options.progress = hook.hook();
        Density result = hook.run([&] { return kde(points, grid, options); });
        warnings.emit();
        return result;
      },
      py::arg("points"), py::arg("grid"), py::arg("bandwidth_m"), py::arg("rule"), py::arg("kernel"),
      py::arg("weights"), py::arg("mask"), py::arg("method"), py::arg("output"), py::arg("gaussian_tolerance"),
      py::arg("threads"), py::arg("progress"), py::arg("exact_algorithm") = "auto");

  m.def(
      "_bandwidth",
      [](const PointSet& points, const std::string& rule, const std::string& kernel, const py::object& weights) {
        std::vector<double> w;
        if (!weights.is_none()) w = to_vector<double>(weights, "weight", static_cast<py::ssize_t>(points.size()));
        return bandwidth(points, bandwidth_rule_from_name(rule), kernel_from_name(kernel), w);
      },
      py::arg("points"), py::arg("rule"), py::arg("kernel"), py::arg("weights"));

  m.def("_canonical_bandwidth_ratio", [](const std::string& kernel) { return canonical_bandwidth_ratio(kernel_from_name(kernel)); },
        py::arg("kernel"));
  m.def("_binned_error_bound", [](const std::string& kernel, double cells) {
    return binned_error_bound(kernel_from_name(kernel), cells);
  }, py::arg("kernel"), py::arg("cells_per_bandwidth"));
}

}  // namespace watchmap::bindings
