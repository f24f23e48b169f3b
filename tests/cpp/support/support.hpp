#pragma once
// Shared helpers for the C++ tests: temporary folders, small fixtures, shared-data lookup.
#include <filesystem>
#include <string>
#include <vector>

#include "watchmap/geometry.hpp"

namespace watchmap::test {

/// A fresh temporary folder removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

/// Path under ../shared, or "" when that file is absent (the caller then skips).
std::string shared_path(const std::string& relative);

/// Writes `text` to `path`.
void write_text(const std::string& path, const std::string& text);

/// Two unit squares side by side ([0,1]x[0,1] and [1,2]x[0,1]) plus a square with a hole and a
/// two-part multipolygon, in `crs`; attributes: name (string), population (integer), share (real).
PolygonSet sample_polygons(const Crs& crs);

}  // namespace watchmap::test

namespace watchmap::test {

/// A CSV file as a header and rows of numbers (every field parsed as double).
struct NumericCsv {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  /// Index of column `name`; throws std::runtime_error when absent.
  size_t column(const std::string& name) const;
};

NumericCsv read_numeric_csv(const std::string& path);

}  // namespace watchmap::test
