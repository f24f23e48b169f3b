// The one place where C++ exceptions become Python exceptions, and where warnings are issued.
#include "common.hpp"

namespace watchmap::bindings {

namespace {

PyObject* make_exception(py::module_& m, const char* name, std::initializer_list<PyObject*> bases, const char* doc) {
  py::tuple base_tuple(bases.size());
  size_t i = 0;
  for (PyObject* b : bases) base_tuple[i++] = py::reinterpret_borrow<py::object>(b);
  const std::string qualified = std::string("watchmap.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base_tuple.ptr(), nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(cls));  // the module keeps the reference
  return cls;
}

PyObject* warning_cls = nullptr;

}  // namespace

py::handle warning_class() { return warning_cls; }

void WarningCollector::emit() const {
  for (const std::string& message : messages_) emit_one(message);
}

void WarningCollector::emit_one(const std::string& message) {
  if (PyErr_WarnEx(warning_cls, message.c_str(), 2) != 0) throw py::error_already_set();
}

void bind_errors(py::module_& m) {
  static PyObject* base = make_exception(m, "WatchmapError", {PyExc_Exception}, "Base of every watchmap error.");
  static PyObject* invalid = make_exception(m, "InvalidInputError", {base, PyExc_ValueError},
                                            "Unusable input: NaN coordinates, empty layer, unknown field, bad option.");
  static PyObject* crs = make_exception(m, "CrsError", {base, PyExc_ValueError},
                                        "Unknown, missing or irreconcilable coordinate reference system.");
  static PyObject* io = make_exception(m, "IoError", {base, PyExc_OSError},
                                       "A file could not be opened, read or written.");
  static PyObject* geometry = make_exception(m, "GeometryError", {base, PyExc_ValueError},
                                             "Invalid geometry, or a GEOS failure.");
  static PyObject* cancelled = make_exception(m, "CancelledError", {base}, "A long computation was cancelled.");
  warning_cls = make_exception(m, "WatchmapWarning", {PyExc_UserWarning},
                               "Non-fatal problems: a repaired polygon, an overridden CRS.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const watchmap::InvalidInput& e) {
      PyErr_SetString(invalid, e.what());
    } catch (const watchmap::CrsError& e) {
      PyErr_SetString(crs, e.what());
    } catch (const watchmap::IoError& e) {
      PyErr_SetString(io, e.what());
    } catch (const watchmap::GeometryError& e) {
      PyErr_SetString(geometry, e.what());
    } catch (const watchmap::Cancelled& e) {
      PyErr_SetString(cancelled, e.what());
    } catch (const watchmap::Error& e) {
      PyErr_SetString(base, e.what());
    }
  });
}

}  // namespace watchmap::bindings
