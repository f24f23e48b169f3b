#pragma once
// Write-then-rename for single-file outputs (GeoTIFF, GeoJSON, CSV, FlatGeobuf, a shapefile set):
// outputs appear complete or not at all. Never used to replace a SQLite database (a GeoPackage may
// be open in QGIS with a -wal journal beside it: replacing the file corrupts it); those are changed
// in place through GDAL's own transactions (write.cpp).
#include <sys/types.h>

#include <string>
#include <vector>

namespace watchmap::detail {

/// A temporary path beside `target` (same directory, so rename is atomic). On commit() the
/// temporary file, and any sidecars with the same stem (e.g. a shapefile's .shx/.dbf/.prj),
/// replace the target's, keeping the target's permission bits (and owner, where allowed). Without
/// commit(), the destructor removes what was written.
///
/// Refused up front with an IoError naming the file and the reason: a missing folder, a folder
/// where no file can be created, a target that is not a regular file, a read-only target (no
/// write bit, even for root: a 0444 file is someone's way of saying "do not overwrite").
class AtomicOutput {
 public:
  /// `sidecars` are extensions with a dot (".shx") that travel with the main file.
  explicit AtomicOutput(std::string target, std::vector<std::string> sidecars = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temp_path() const { return temp_; }
  /// True when the target existed when this object was made.
  bool target_exists() const { return target_exists_; }
  /// Copies the target (and its sidecars) to the temporary name, for appending. IoError with the
  /// reason (disk full, permission) when that fails.
  void copy_target_to_temp();
  /// Renames the temporary file(s) onto the target. With `replace` false the rename fails when
  /// a target appeared meanwhile (used for new databases, which must never replace one). Throws
  /// IoError naming the target and the reason.
  void commit(bool replace = true);

 private:
  std::string target_, temp_;
  std::vector<std::string> sidecars_;
  bool committed_ = false;
  bool target_exists_ = false;
  mode_t mode_ = 0;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

/// Lower-case extension of `path` with the dot (".gpkg"), or "".
std::string extension_of(const std::string& path);

/// Throws IoError("<what>: file not found: <path>") when `path` is a plain path that does not
/// exist (GDAL connection strings such as "PG:..." and "/vsi..." paths are let through).
void require_exists(const std::string& path, const std::string& what);

/// True for GDAL connection strings ("PG:dbname=…") and virtual paths ("/vsizip/…").
bool is_connection_string(const std::string& path);

/// "Permission denied"-style text for errno value `err`.
std::string reason_of(int err);

}  // namespace watchmap::detail
