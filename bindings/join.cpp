#include "common.hpp"
#include "result.hpp"
#include "watchmap/join.hpp"

namespace watchmap::bindings {

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
}

}  // namespace watchmap::bindings
