#include "common.hpp"
#include "progress.hpp"
#include "watchmap/density.hpp"

namespace watchmap::bindings {

namespace {

KdeMethod method_from(const std::string& name) {
  if (name == "auto") return KdeMethod::Auto;
  if (name == "exact") return KdeMethod::Exact;
  if (name == "binned") return KdeMethod::Binned;
  throw InvalidInput("method must be 'auto', 'exact' or 'binned', not '" + name + "'");
}

const char* method_name(KdeMethod m) { return m == KdeMethod::Binned ? "binned" : "exact"; }

KdeOutput output_from(const std::string& name) {
  if (name == "per_km2") return KdeOutput::PerKm2;
  if (name == "expected_counts") return KdeOutput::ExpectedCounts;
  throw InvalidInput("output must be 'per_km2' or 'expected_counts', not '" + name + "'");
}

}  // namespace

void bind_density(py::module_& m) {
  m.def(
      "_kde",
      [](const PointSet& points, const Grid& grid, double bandwidth_m, const std::string& rule,
         const std::string& kernel, const py::object& weights, const py::object& mask, const std::string& method,
         const std::string& output, double gaussian_tolerance, int threads, const py::object& progress) {
        KdeOptions options;
        options.kernel = kernel_from_name(kernel);
        options.bandwidth_m = bandwidth_m;
        options.rule = bandwidth_rule_from_name(rule);
        if (!weights.is_none()) options.weights = to_vector<double>(weights, "weight", static_cast<py::ssize_t>(points.size()));
        if (!mask.is_none()) options.mask = mask.cast<PolygonSet>();
        options.method = method_from(method);
        options.output = output_from(output);
        options.gaussian_tolerance = gaussian_tolerance;
        options.threads = threads;
        PythonProgress hook(progress);
        options.progress = hook.hook();
        KdeResult result = hook.run([&] { return kde(points, grid, options); });
        if (!result.warning.empty()) WarningCollector::emit_one(result.warning);
        return py::make_tuple(std::move(result.raster), result.bandwidth_m, method_name(result.method));
      },
      py::arg("points"), py::arg("grid"), py::arg("bandwidth_m"), py::arg("rule"), py::arg("kernel"),
      py::arg("weights"), py::arg("mask"), py::arg("method"), py::arg("output"), py::arg("gaussian_tolerance"),
      py::arg("threads"), py::arg("progress"));

  m.def(
      "_bandwidth",
      [](const PointSet& points, const std::string& rule, const std::string& kernel, const py::object& weights) {
        std::vector<double> w;
        if (!weights.is_none()) w = to_vector<double>(weights, "weight", static_cast<py::ssize_t>(points.size()));
        return bandwidth(points, bandwidth_rule_from_name(rule), kernel_from_name(kernel), w);
      },
      py::arg("points"), py::arg("rule"), py::arg("kernel"), py::arg("weights"));

  m.def("_canonical_bandwidth_ratio", [](const std::string& kernel) { return canonical_bandwidth_ratio(kernel_from_name(kernel)); });
  m.def("_binned_error_bound", [](const std::string& kernel, double cells) {
    return binned_error_bound(kernel_from_name(kernel), cells);
  });
}

}  // namespace watchmap::bindings
