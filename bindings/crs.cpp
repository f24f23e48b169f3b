#include "common.hpp"

namespace watchmap::bindings {

Crs crs_from_py(const py::handle& obj) {
  if (obj.is_none()) return Crs{};
  if (py::isinstance<Crs>(obj)) return obj.cast<Crs>();
  if (py::isinstance<py::str>(obj)) return Crs::from_user_input(obj.cast<std::string>());
  if (py::isinstance<py::int_>(obj)) return Crs::from_epsg(obj.cast<int>());
  if (py::hasattr(obj, "to_wkt")) return Crs::from_user_input(obj.attr("to_wkt")().cast<std::string>());
  throw InvalidInput("cannot use " + py::repr(obj).cast<std::string>() +
                     " as a CRS (give 'EPSG:32648', an EPSG number, WKT, a PROJ string or a pyproj.CRS)");
}

void bind_crs(py::module_& m) {
  py::class_<Crs>(m, "Crs", R"pbdoc(
A coordinate reference system. ``Crs()`` is "no CRS": a local metric frame shared by every layer
without one. Build from ``"EPSG:32648"``, an EPSG number, WKT, a PROJ string or a pyproj.CRS;
every function that takes a CRS accepts those forms too.

Examples
--------
>>> utm = watchmap.Crs("EPSG:32648")
>>> utm.is_metric, utm.epsg, utm.name
(True, 32648, 'WGS 84 / UTM zone 48N')
>>> utm == 32648
True
)pbdoc")
      .def(py::init<>())
      .def(py::init([](const py::object& obj) { return crs_from_py(obj); }), py::arg("crs"))
      .def_static("from_epsg", &Crs::from_epsg, py::arg("code"))
      .def_property_readonly("wkt", &Crs::wkt, "WKT2 text ('' when empty).")
      .def_property_readonly("name", &Crs::name)
      .def_property_readonly("epsg", &Crs::epsg, "EPSG code, or None when not identified.")
      .def_property_readonly("is_empty", &Crs::empty)
      .def_property_readonly("is_geographic", &Crs::is_geographic)
      .def_property_readonly("is_projected", &Crs::is_projected)
      .def_property_readonly("is_metric", &Crs::is_metric, "Projected in metres, or the empty local frame.")
      .def_property_readonly("metres_per_unit", &Crs::metres_per_unit)
      .def("to_proj4", &Crs::to_proj4)
      .def("to_wkt", &Crs::wkt)
      .def("to_string", &Crs::to_string)
      .def("__eq__", [](const Crs& a, const py::object& b) {
        try {
          return a == crs_from_py(b);
        } catch (const Error&) {
          return false;
        }
      })
      .def("__hash__", [](const Crs& c) { return std::hash<std::string>()(c.to_string()); })
      .def("__str__", &Crs::to_string)
      .def("__repr__", [](const Crs& c) { return c.empty() ? std::string("Crs()") : "Crs('" + c.to_string() + "')"; })
      .def(py::pickle([](const Crs& c) { return c.wkt(); },
                      [](const std::string& wkt) { return Crs::from_user_input(wkt); }));
  py::implicitly_convertible<py::str, Crs>();

  m.def("utm_crs", &utm_crs_for, py::arg("lon"), py::arg("lat"),
        R"pbdoc(The WGS 84 / UTM zone CRS containing (lon, lat) in degrees.

Raises InvalidInputError for positions outside ±180/±90 (swapped arguments, usually).

Examples
--------
>>> watchmap.utm_crs(105.85, 22.2)     # Bạch Thông
Crs('EPSG:32648')
)pbdoc");
}

}  // namespace watchmap::bindings
