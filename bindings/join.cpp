#include "common.hpp"
#include "progress.hpp"
#include "result.hpp"
#include "watchmap/join.hpp"

namespace watchmap::bindings {

void bind_join(py::module_& m) {
  m.def(
      "_locate",
      [](const PointSet& points, const PolygonSet& polygons, int threads, const py::object& progress) {
        PythonProgress hook(progress);
        LocateOptions options;
        options.threads = threads;
        options.progress = hook.hook();
        std::vector<int64_t> out = hook.run([&] { return locate(points, polygons, options); });
        return to_numpy(std::move(out));
      },
      py::arg("points"), py::arg("polygons"), py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace watchmap::bindings
