#pragma once
// Progress and Ctrl-C for long calls: the C++ loop polls a ProgressCallback; this one briefly takes
// the GIL, checks for pending signals (Ctrl-C) and calls the user's progress function. A Python
// error raised there stops the computation and is re-raised as itself (e.g. KeyboardInterrupt).
#include <optional>

#include "common.hpp"
#include "watchmap/progress.hpp"

namespace watchmap::bindings {

class PythonProgress {
 public:
  /// `callback`: None, or a callable taking the fraction done (0..1); returning False cancels.
  explicit PythonProgress(py::object callback) : callback_(std::move(callback)) {}

  /// The hook to hand to C++ (valid while this object lives).
  ProgressCallback hook() {
    return [this](double fraction) {
      py::gil_scoped_acquire gil;
      try {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (!callback_.is_none()) {
          py::object answer = callback_(fraction);
          if (answer.is(py::bool_(false))) return false;
        }
        return true;
      } catch (py::error_already_set& e) {
        error_.emplace(std::move(e));
        return false;
      }
    };
  }

  /// Runs `work` without the GIL; a cancellation caused by a Python error re-raises that error.
  template <typename Work>
  auto run(Work&& work) {
    try {
      py::gil_scoped_release release;
      return work();
    } catch (const Cancelled&) {
      if (error_) throw *error_;
      throw;
    }
  }

 private:
  py::object callback_;
  std::optional<py::error_already_set> error_;
};

}  // namespace watchmap::bindings
