#include "common.hpp"
#include "table_convert.hpp"
#include "watchmap/crs_rule.hpp"
#include "watchmap/geometry.hpp"
#include "watchmap/wkb.hpp"

namespace watchmap::bindings {

namespace {

py::tuple line_state(const LineSet& l) {
  return py::make_tuple(l.x(), l.y(), l.part_offsets(), l.feature_offsets(), l.crs().wkt(), table_to_py(l.attributes()));
}

LineSet line_from_state(const py::tuple& s) {
  LineSet l(s[0].cast<std::vector<double>>(), s[1].cast<std::vector<double>>(), s[2].cast<std::vector<int64_t>>(),
            s[3].cast<std::vector<int64_t>>(), Crs::from_user_input(s[4].cast<std::string>()));
  l.set_attributes(table_from_py(s[5], l.size()));
  return l;
}

}  // namespace

void bind_line_set(py::module_& m) {
  py::class_<LineSet>(m, "LineSet", R"pbdoc(
Lines and multilines (e.g. roads), one per feature, with a CRS and attribute columns.

Stored in the GeoArrow layout: ``x``, ``y`` vertices; ``part_offsets`` and ``feature_offsets``
say where linestrings and features start. All are read-only numpy views. Build one with
``read_lines``, ``from_geopandas``, ``from_wkb`` or from the arrays.

Examples
--------
>>> road = watchmap.LineSet([0, 500, 900], [0, 0, 300], [0, 3], [0, 1], crs="EPSG:32648")
>>> road.lengths()
array([1000.])
)pbdoc")
      .def(py::init([](const py::object& x, const py::object& y, const py::object& parts, const py::object& features,
                       const py::object& crs) {
             return LineSet(to_vector<double>(x, "x"), to_vector<double>(y, "y"), to_vector<int64_t>(parts, "part_offsets"),
                            to_vector<int64_t>(features, "feature_offsets"), crs_from_py(crs));
           }),
           py::arg("x"), py::arg("y"), py::arg("part_offsets"), py::arg("feature_offsets"), py::arg("crs") = py::none())
      .def("__len__", &LineSet::size)
      .def_property_readonly("x", [](const py::object& s) { return view(s.cast<const LineSet&>().x(), s); })
      .def_property_readonly("y", [](const py::object& s) { return view(s.cast<const LineSet&>().y(), s); })
      .def_property_readonly("part_offsets",
                             [](const py::object& s) { return view(s.cast<const LineSet&>().part_offsets(), s); })
      .def_property_readonly("feature_offsets",
                             [](const py::object& s) { return view(s.cast<const LineSet&>().feature_offsets(), s); })
      .def_property("crs", &LineSet::crs, [](LineSet& l, const py::object& c) { l.set_crs(crs_from_py(c)); },
                    "The CRS. Assigning relabels without moving coordinates; use to_crs() to move them.")
      .def_property_readonly("bounds", [](const LineSet& l) { return bounds_tuple(l.bounds()); })
      .def_property_readonly("num_parts", &LineSet::num_parts)
      .def("lengths", [](const LineSet& l) {
        std::vector<double> a = l.lengths();
        return py::array_t<double>(static_cast<py::ssize_t>(a.size()), a.data());
      }, R"pbdoc(Length of each feature in CRS units (metres in a metric CRS).

Examples
--------
>>> d.roads.lengths().sum() / 1000     # km of road
)pbdoc")
      .def(
          "to_crs",
          [](const LineSet& l, const py::object& crs) {
            Crs target = target_crs(crs, l.crs(), l.bounds());
            py::gil_scoped_release release;
            return l.to_crs(target);
          },
          py::arg("crs"), R"pbdoc(The lines in another CRS (vertices transformed; segments not densified).

Examples
--------
>>> lonlat = d.roads.to_crs("EPSG:4326")
)pbdoc")
      .def("_take", [](const LineSet& l, const py::object& rows) { return l.take(to_vector<int64_t>(rows, "indices")); },
           py::arg("indices"))
      .def(py::pickle([](const LineSet& l) { return line_state(l); }, [](const py::tuple& s) { return line_from_state(s); }))
      .def("_attribute_columns", [](const LineSet& l) { return table_to_py(l.attributes()); })
      .def("_set_attribute_columns",
           [](LineSet& l, const py::object& cols) { l.set_attributes(table_from_py(cols, l.size())); })
      .def("to_wkb", [](const LineSet& l) {
        std::vector<std::string> blobs;
        {
          py::gil_scoped_release release;
          blobs = to_wkb(l);
        }
        py::list out;
        for (const std::string& b : blobs) out.append(py::bytes(b));
        return out;
      }, "One WKB blob (bytes) per feature: a MultiLineString.")
      .def_static("from_wkb", [](const py::iterable& blobs, const py::object& crs) {
        std::vector<std::string> raw;
        for (const py::handle b : blobs) raw.push_back(b.is_none() ? std::string() : b.cast<std::string>());
        Crs c = crs_from_py(crs);
        py::gil_scoped_release release;
        return lines_from_wkb(raw, c);
      }, py::arg("blobs"), py::arg("crs") = py::none(), "Lines from WKB bytes (None or b'' = an empty feature).")
      .def("__copy__", [](const LineSet& l) { return LineSet(l); })
      .def("__deepcopy__", [](const LineSet& l, const py::dict&) { return LineSet(l); });
}

}  // namespace watchmap::bindings
