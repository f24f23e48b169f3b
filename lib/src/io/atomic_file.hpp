#pragma once
// Write-then-rename: outputs appear complete or not at all.
#include <string>
#include <vector>

namespace watchmap::detail {

/// A temporary path beside `target` (same directory, so rename is atomic). On commit() the
/// temporary file, and any sidecars with the same stem (e.g. a shapefile's .shx/.dbf/.prj),
/// replace the target's. Without commit(), the destructor removes what was written.
class AtomicOutput {
 public:
  /// `sidecars` are extensions with a dot (".shx") that travel with the main file.
  explicit AtomicOutput(std::string target, std::vector<std::string> sidecars = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temp_path() const { return temp_; }
  /// Renames the temporary file(s) onto the target. Throws IoError naming the target.
  void commit();

 private:
  std::string target_, temp_;
  std::vector<std::string> sidecars_;
  bool committed_ = false;
};

/// Lower-case extension of `path` with the dot (".gpkg"), or "".
std::string extension_of(const std::string& path);

/// Throws IoError("<what>: file not found: <path>") when `path` is a plain path that does not
/// exist (GDAL connection strings such as "PG:..." and "/vsi..." paths are let through).
void require_exists(const std::string& path, const std::string& what);

}  // namespace watchmap::detail
