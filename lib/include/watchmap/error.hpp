#pragma once
/// @file error.hpp  The one exception hierarchy of watchmap.
///
/// Every message names what was wrong and where: the file, layer, field, feature or row.
/// Optimisation outcomes (infeasible, time limit) are not errors; they are a status in results.
#include <functional>
#include <stdexcept>
#include <string>

namespace watchmap {

/// Base of every error thrown by watchmap (Python: `watchmap.WatchmapError`).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The caller passed something unusable: NaN coordinates, an empty layer, a negative radius,
/// an unknown field (Python: `watchmap.InvalidInputError`, also a `ValueError`).
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// A CRS is unknown, missing where one is needed, or two layers' CRSs cannot be reconciled
/// (Python: `watchmap.CrsError`, also a `ValueError`).
class CrsError : public Error {
 public:
  using Error::Error;
};

/// A file could not be opened, read or written (Python: `watchmap.IoError`, also an `OSError`).
class IoError : public Error {
 public:
  using Error::Error;
};

/// GEOS reported a failure, or a geometry is invalid where validity is required
/// (Python: `watchmap.GeometryError`, also a `ValueError`).
class GeometryError : public Error {
 public:
  using Error::Error;
};

/// A long computation was stopped by its progress hook (Python: `KeyboardInterrupt` when the
/// stop came from Ctrl-C, otherwise `watchmap.CancelledError`).
class Cancelled : public Error {
 public:
  using Error::Error;
};

/// Receives non-fatal messages (a repaired polygon, a dropped empty feature). May be empty.
using WarningHandler = std::function<void(const std::string& message)>;

}  // namespace watchmap
