#include "common.hpp"
#include "progress.hpp"
#include "result.hpp"
#include "watchmap/nearest.hpp"

namespace watchmap::bindings {

void bind_nearest(py::module_& m) {
  ResultClass<NearestResult> nearest_result(m, "NearestResult", R"pbdoc(
The nearest target of each point (from :func:`watchmap.nearest`).

``index[i]`` is the nearest target of point i (-1 when none is within ``max_distance_m``) and
``distance_m[i]`` its distance in metres (inf when -1). Unpacks like a tuple:
``team, metres = watchmap.nearest(d.incidents, d.teams)``.
)pbdoc");
  nearest_result.field("index", &NearestResult::index, "Index of the nearest target, -1 when none.")
      .field("distance_m", &NearestResult::distance_m, "Distance to it in metres (inf when none).");
  nearest_result.cls()
      .def("__iter__", [](const py::object& self) {
        return py::iter(py::make_tuple(self.attr("index"), self.attr("distance_m")));
      })
      .def("__getitem__", [](const py::object& self, int i) {
        return py::make_tuple(self.attr("index"), self.attr("distance_m")).attr("__getitem__")(i);
      });
  nearest_result.finish();

  ResultClass<PairList> pairs(m, "Pairs", R"pbdoc(
All pairs (a[k], b[k]) within a radius (from :func:`watchmap.pairs_within`), sorted by a then b,
with their distance in metres. Unpacks like a tuple: ``i, j, metres = watchmap.pairs_within(...)``.
)pbdoc");
  pairs.field("a", &PairList::a, "Index into the first layer.")
      .field("b", &PairList::b, "Index into the second layer.")
      .field("distance_m", &PairList::distance_m, "Distance in metres.");
  pairs.cls()
      .def("__iter__", [](const py::object& self) {
        return py::iter(py::make_tuple(self.attr("a"), self.attr("b"), self.attr("distance_m")));
      })
      .def("__getitem__", [](const py::object& self, int i) {
        return py::make_tuple(self.attr("a"), self.attr("b"), self.attr("distance_m")).attr("__getitem__")(i);
      });
  pairs.finish();

  m.def(
      "_nearest",
      [](const PointSet& points, const PointSet& targets, double max_distance_m, int threads,
         const py::object& progress) {
        PythonProgress hook(progress);
        NearestOptions options;
        options.max_distance_m = max_distance_m;
        options.threads = threads;
        options.progress = hook.hook();
        return hook.run([&] { return nearest(points, targets, options); });
      },
      py::arg("points"), py::arg("targets"), py::arg("max_distance_m"), py::arg("threads") = 0,
      py::arg("progress") = py::none());

  m.def(
      "_pairs_within",
      [](const PointSet& a, const PointSet& b, double radius_m, int threads, double max_bytes) {
        py::gil_scoped_release release;
        return pairs_within(a, b, radius_m, threads, max_bytes);
      },
      py::arg("a"), py::arg("b"), py::arg("radius_m"), py::arg("threads") = 0, py::arg("max_bytes") = 0.0);
}

}  // namespace watchmap::bindings
