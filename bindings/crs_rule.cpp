#include "common.hpp"
#include "watchmap/crs_rule.hpp"

namespace watchmap::bindings {

namespace {

LayerRef layer_ref_from_py(const py::handle& layer, const std::string& name) {
  if (py::isinstance<PointSet>(layer)) return layer_ref(layer.cast<const PointSet&>(), name);
  if (py::isinstance<PolygonSet>(layer)) return layer_ref(layer.cast<const PolygonSet&>(), name);
  if (py::isinstance<Raster>(layer)) return layer_ref(layer.cast<const Raster&>(), name);
  if (py::isinstance<Grid>(layer)) return layer_ref(layer.cast<const Grid&>(), name);
  throw InvalidInput(name + " must be a PointSet, PolygonSet, Raster or Grid, not " +
                     std::string(py::str(layer.get_type().attr("__name__"))));
}

}  // namespace

void bind_crs_rule(py::module_& m) {
  m.def(
      "analysis_crs",
      [](const py::dict& layers, bool metres) {
        std::vector<LayerRef> refs;
        for (const auto& [name, layer] : layers) refs.push_back(layer_ref_from_py(layer, py::str(name)));
        return analysis_crs(refs, metres ? Measure::Metres : Measure::Topology);
      },
      py::arg("layers"), py::kw_only(), py::arg("metres") = true,
      R"pbdoc(The CRS an analytic works in for these layers (the one CRS rule).

``layers`` maps a name (used in messages) to a layer, in priority order. A raster or grid fixes
the frame (and must be in metres when ``metres``); otherwise the first layer with a CRS does: its
CRS when in metres, else the UTM zone of its centre. Layers without a CRS mix only with each
other. Raises CrsError naming the layers that cannot be reconciled.

Examples
--------
>>> watchmap.analysis_crs({"incidents": incidents_lonlat, "hamlets": d.hamlets})
Crs('EPSG:32648')
)pbdoc");
}

}  // namespace watchmap::bindings
