#pragma once
/// @file grid.hpp  Raster geometry (Grid) and gridded values (Raster).
///
/// Rows run north to south (row 0 is the northern row, as in GeoTIFF); columns west to east.
/// A raster is evaluated at cell centres.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "watchmap/crs.hpp"
#include "watchmap/geometry.hpp"

namespace watchmap {

/// North-up raster geometry: lower-left corner (xmin, ymin), cell size, columns and rows, CRS.
struct Grid {
  double xmin = 0.0;
  double ymin = 0.0;
  double cell_width = 1.0;   ///< cell size along x, CRS units (metres in a metric CRS)
  double cell_height = 1.0;  ///< cell size along y, CRS units
  int64_t ncols = 0;
  int64_t nrows = 0;
  Crs crs;

  Grid() = default;
  /// Square cells. Throws InvalidInput on a non-positive or non-finite size or count.
  Grid(double xmin, double ymin, double cell_size, int64_t ncols, int64_t nrows, Crs crs = {});

  double xmax() const { return xmin + cell_width * static_cast<double>(ncols); }
  double ymax() const { return ymin + cell_height * static_cast<double>(nrows); }
  int64_t cell_count() const { return ncols * nrows; }
  Box bounds() const { return {xmin, ymin, xmax(), ymax()}; }
  /// Centre of column `col` / row `row` (row 0 = north).
  double center_x(int64_t col) const { return xmin + (static_cast<double>(col) + 0.5) * cell_width; }
  double center_y(int64_t row) const { return ymax() - (static_cast<double>(row) + 0.5) * cell_height; }
  /// Throws InvalidInput when sizes are non-positive, counts are not positive, or the grid would
  /// hold more than 2^40 cells.
  void validate() const;
  bool operator==(const Grid& other) const;

  /// A grid of square cells covering `bounds` grown by `margin` on every side, with the corner
  /// snapped to a multiple of `cell_size` so grids of one size line up across layers.
  static Grid covering(const Box& bounds, double cell_size, double margin, Crs crs = {});

  /// Column and row of the cell holding (x, y) (row 0 = north), or false when outside. Points on
  /// an inner cell border belong to the cell east / south of it; the outer borders are inside.
  bool cell_of(double x, double y, int64_t& col, int64_t& row) const;
};

/// ArcGIS's default cell size for an output extent: its shorter side / 250 (the longer side / 250
/// when the extent is a line). Throws InvalidInput for an empty or zero-size extent.
double arcgis_default_cell_size(const Box& extent);

/// A Grid plus row-major float64 values (nrows × ncols, row 0 = north) and an optional nodata value.
struct Raster {
  Grid grid;
  std::vector<double> values;
  std::optional<double> nodata;

  Raster() = default;
  /// Allocates nrows × ncols cells set to `fill` after checking the memory it needs
  /// (InvalidInput with the number of bytes when it would not fit).
  explicit Raster(Grid grid, double fill = 0.0, std::optional<double> nodata = std::nullopt);
  /// Takes `values` (length must be nrows × ncols).
  Raster(Grid grid, std::vector<double> values, std::optional<double> nodata = std::nullopt);

  double at(int64_t row, int64_t col) const { return values[static_cast<size_t>(row * grid.ncols + col)]; }
  double& at(int64_t row, int64_t col) { return values[static_cast<size_t>(row * grid.ncols + col)]; }
  /// True when the value is the nodata value (or NaN).
  bool is_nodata(double v) const;
};

/// How sample() reads a raster at a point.
enum class Sampling {
  Cell,      ///< the value of the cell holding the point
  Bilinear,  ///< interpolated between the four nearest cell centres (nodata if any of them is)
};

/// "cell", "bilinear".
Sampling sampling_from_name(std::string_view name);
const char* to_string(Sampling sampling);

/// The raster's value at each point; NaN where the point is outside the raster or on nodata.
/// Points are brought into the raster's CRS (the CRS rule: rasters are never reprojected).
std::vector<double> sample(const Raster& raster, const PointSet& points, Sampling how = Sampling::Cell);

/// Throws InvalidInput when `bytes` more would not fit in the memory now available, naming
/// `what` and the estimate; used before every large allocation.
void check_allocation(double bytes, const char* what);

/// How reproject() samples the source raster.
enum class Resampling { Nearest, Bilinear, Cubic, Average };

/// "nearest", "bilinear", "cubic", "average".
Resampling resampling_from_name(std::string_view name);
const char* to_string(Resampling resampling);

/// Warps `raster` into `crs` with square cells of `cell_size` (target CRS units; 0 picks GDAL's
/// suggestion). Cells with no source data are nodata (NaN when the source has none).
Raster reproject(const Raster& raster, const Crs& crs, double cell_size = 0.0,
                 Resampling resampling = Resampling::Bilinear);

}  // namespace watchmap
