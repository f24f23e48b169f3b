#pragma once
// Result classes: a C++ result struct bound as a Python class with named read-only fields, the
// one pattern every analytic follows (docs/DESIGN-NOTES.md "Result types").
//  - vectors are numpy views on the result object (no copy; the result keeps them alive);
//  - scalars, strings and nested values are plain Python values; enums are their words;
//  - `_fields` lists the field names in order, so python/watchmap/_results.py can give every
//    result the same __repr__, _repr_html_ and to_frame();
//  - results pickle through their fields (and copy.copy/deepcopy through pickling).
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "common.hpp"

namespace watchmap::bindings {

template <typename V>
struct is_vector : std::false_type {};
template <typename V>
struct is_vector<std::vector<V>> : std::true_type {};

template <typename T, typename... Options>
class ResultClass {
 public:
  using Class = py::class_<T, Options...>;

  ResultClass(py::module_& m, const char* name, const char* doc) : cls_(m, name, doc) {}

  /// A field read straight from member `member`.
  template <typename V, typename Owner>
  ResultClass& field(const char* name, V Owner::*member, const char* doc) {
    if constexpr (is_vector<V>::value) {
      using Element = typename V::value_type;
      cls_.def_property_readonly(
          name, [member](const py::object& self) { return view(self.cast<const T&>().*member, self); }, doc);
      setters_.push_back([member, name](T& t, const py::handle& value) {
        t.*member = to_vector<Element>(value, name);
      });
    } else {
      cls_.def_readonly(name, member, doc);
      setters_.push_back([member](T& t, const py::handle& value) { t.*member = value.cast<V>(); });
    }
    names_.emplace_back(name);
    pickled_.emplace_back(name);
    return *this;
  }

  /// A field shown through `get` and restored (unpickling) through `set`, e.g. an enum as a word.
  template <typename Get, typename Set>
  ResultClass& field_as(const char* name, Get get, Set set, const char* doc) {
    cls_.def_property_readonly(name, get, doc);
    setters_.push_back([set](T& t, const py::handle& value) { set(t, value); });
    names_.emplace_back(name);
    pickled_.emplace_back(name);
    return *this;
  }

  /// State that is pickled but already exposed (e.g. by a base class): read with getattr(name).
  template <typename Set>
  ResultClass& state(const char* name, Set set) {
    setters_.push_back([set](T& t, const py::handle& value) { set(t, value); });
    pickled_.emplace_back(name);
    return *this;
  }

  /// The pybind class, for methods of its own.
  Class& cls() { return cls_; }

  /// Adds `_fields`, pickling and copying. Call last.
  void finish() {
    py::tuple names(names_.size());
    for (size_t i = 0; i < names_.size(); ++i) names[i] = py::str(names_[i]);
    cls_.attr("_fields") = names;
    auto fields = pickled_;  // in the order the setters were added
    auto setters = setters_;
    cls_.def(py::pickle(
        [fields](const py::object& self) {
          py::dict state;
          py::module_ np = py::module_::import("numpy");
          for (const std::string& name : fields) {
            py::object value = self.attr(name.c_str());
            state[name.c_str()] = py::isinstance<py::array>(value) ? np.attr("array")(value) : value;
          }
          return state;
        },
        [fields, setters](const py::dict& state) {
          T out{};
          for (size_t i = 0; i < fields.size(); ++i) setters[i](out, state[fields[i].c_str()]);
          return out;
        }));
    cls_.def("__copy__", [](const T& t) { return T(t); });
    cls_.def("__deepcopy__", [](const T& t, const py::dict&) { return T(t); }, py::arg("memo"));
  }

 private:
  Class cls_;
  std::vector<std::string> names_, pickled_;
  std::vector<std::function<void(T&, const py::handle&)>> setters_;
};

/// Moves a result vector into a numpy array owned by a capsule (no copy).
template <typename T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(owned->size())}, {static_cast<py::ssize_t>(sizeof(T))},
                        owned->data(), free_when_done);
}

}  // namespace watchmap::bindings
