#include "watchmap/grid.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/huge_pages.hpp"
#include "core/in_crs.hpp"
#include "core/names.hpp"
#include "core/text.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

Grid::Grid(double xmin_, double ymin_, double cell_size, int64_t ncols_, int64_t nrows_, Crs crs_)
    : xmin(xmin_), ymin(ymin_), cell_width(cell_size), cell_height(cell_size), ncols(ncols_), nrows(nrows_),
      crs(std::move(crs_)) {
  validate();
}

void Grid::validate() const {
  if (!std::isfinite(xmin) || !std::isfinite(ymin)) throw InvalidInput("grid: origin is not finite");
  if (!(cell_width > 0.0) || !(cell_height > 0.0) || !std::isfinite(cell_width) || !std::isfinite(cell_height)) {
    throw InvalidInput("grid: cell size must be positive and finite (got " + detail::fmt(cell_width) + " x " +
                       detail::fmt(cell_height) + ")");
  }
  if (ncols <= 0 || nrows <= 0) {
    throw InvalidInput("grid: needs at least one column and one row (got " + std::to_string(ncols) + " x " +
                       std::to_string(nrows) + ")");
  }
  if (!(std::abs(xmin) <= kMaxCoordinate && std::abs(ymin) <= kMaxCoordinate &&
        std::abs(xmin + cell_width * static_cast<double>(ncols)) <= kMaxCoordinate &&
        std::abs(ymin + cell_height * static_cast<double>(nrows)) <= kMaxCoordinate)) {
    throw InvalidInput("grid: extends beyond ±1e15 (origin " + detail::fmt(xmin) + ", " + detail::fmt(ymin) +
                       "), which no map unit reaches");
  }
  if (static_cast<double>(ncols) * static_cast<double>(nrows) > std::ldexp(1.0, 40)) {
    throw InvalidInput("grid: " + std::to_string(ncols) + " x " + std::to_string(nrows) + " cells is too many");
  }
}

bool Grid::operator==(const Grid& o) const {
  return xmin == o.xmin && ymin == o.ymin && cell_width == o.cell_width && cell_height == o.cell_height &&
         ncols == o.ncols && nrows == o.nrows && crs == o.crs;
}

Grid Grid::covering(const Box& bounds, double cell_size, double margin, Crs crs) {
  if (bounds.empty()) throw InvalidInput("grid: cannot cover an empty extent");
  if (!(cell_size > 0.0) || !std::isfinite(cell_size)) {
    throw InvalidInput("grid: cell size must be positive (got " + detail::fmt(cell_size) + ")");
  }
  if (!(margin >= 0.0) || !std::isfinite(margin)) throw InvalidInput("grid: margin must be >= 0");
  const double x0 = std::floor((bounds.xmin - margin) / cell_size) * cell_size;
  const double y0 = std::floor((bounds.ymin - margin) / cell_size) * cell_size;
  const auto ncols = static_cast<int64_t>(std::ceil((bounds.xmax + margin - x0) / cell_size));
  const auto nrows = static_cast<int64_t>(std::ceil((bounds.ymax + margin - y0) / cell_size));
  return Grid(x0, y0, cell_size, std::max<int64_t>(ncols, 1), std::max<int64_t>(nrows, 1), std::move(crs));
}

bool Grid::cell_of(double x, double y, int64_t& col, int64_t& row) const {
  if (!(x >= xmin && x <= xmax() && y >= ymin && y <= ymax())) return false;
  col = std::min(ncols - 1, static_cast<int64_t>((x - xmin) / cell_width));
  row = std::min(nrows - 1, static_cast<int64_t>((ymax() - y) / cell_height));
  return true;
}

double arcgis_default_cell_size(const Box& extent) {
  if (extent.empty()) throw InvalidInput("grid: cannot choose a cell size for an empty extent");
  double size = std::min(extent.width(), extent.height()) / 250.0;
  if (!(size > 0.0)) size = std::max(extent.width(), extent.height()) / 250.0;  // points on a line
  if (!(size > 0.0)) throw InvalidInput("grid: the extent is a single point; give cell_size_m");
  return size;
}

namespace {
constexpr detail::Named<Sampling> kSamplings[] = {{Sampling::Cell, "cell"}, {Sampling::Bilinear, "bilinear"}};
}  // namespace

Sampling sampling_from_name(std::string_view name) { return detail::parse_name(kSamplings, name, "sampling"); }
const char* to_string(Sampling sampling) { return detail::name_of(kSamplings, sampling); }

std::vector<double> sample(const Raster& raster, const PointSet& points, Sampling how) {
  const Crs frame = analysis_crs({layer_ref(raster, "raster"), layer_ref(points, "points")}, Measure::Topology);
  const detail::InCrs<PointSet> p(points, frame);
  const Grid& g = raster.grid;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto value = [&](int64_t col, int64_t row) {
    const double v = raster.at(row, col);
    return raster.is_nodata(v) ? nan : v;
  };
  std::vector<double> out(points.size(), nan);
  const auto n = static_cast<int64_t>(points.size());
#pragma omp parallel for schedule(static, 4096)
  for (int64_t i = 0; i < n; ++i) {
    const double x = p->x()[i], y = p->y()[i];
    int64_t col = 0, row = 0;
    if (!g.cell_of(x, y, col, row)) continue;
    if (how == Sampling::Cell) {
      out[i] = value(col, row);
      continue;
    }
    // Bilinear between the centres around (x, y); at the outer half-cell, the edge cells repeat.
    const double fx = (x - g.xmin) / g.cell_width - 0.5, fy = (g.ymax() - y) / g.cell_height - 0.5;
    const auto c0 = std::clamp<int64_t>(static_cast<int64_t>(std::floor(fx)), 0, g.ncols - 1);
    const auto r0 = std::clamp<int64_t>(static_cast<int64_t>(std::floor(fy)), 0, g.nrows - 1);
    const int64_t c1 = std::min(c0 + 1, g.ncols - 1), r1 = std::min(r0 + 1, g.nrows - 1);
    const double tx = std::clamp(fx - static_cast<double>(c0), 0.0, 1.0);
    const double ty = std::clamp(fy - static_cast<double>(r0), 0.0, 1.0);
    const double top = value(c0, r0) * (1 - tx) + value(c1, r0) * tx;
    const double bottom = value(c0, r1) * (1 - tx) + value(c1, r1) * tx;
    out[i] = top * (1 - ty) + bottom * ty;  // NaN when any corner is nodata
  }
  return out;
}

void check_allocation(double bytes, const char* what) {
  const long pages = sysconf(_SC_AVPHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  const double available = (pages > 0 && page_size > 0) ? static_cast<double>(pages) * page_size : 0.0;
  // Leave headroom: refuse anything above 80 % of what is free now.
  if (available > 0.0 && bytes > 0.8 * available) {
    std::ostringstream msg;
    msg.setf(std::ios::fixed);
    msg.precision(1);
    msg << what << " needs about " << bytes / 1e9 << " GB (" << static_cast<long long>(bytes) << " bytes) but only "
        << available / 1e9 << " GB of memory is free; use a coarser cell size or a smaller extent";
    throw InvalidInput(msg.str());
  }
}

Raster::Raster(Grid g, double fill, std::optional<double> nd) : grid(std::move(g)), nodata(nd) {
  grid.validate();
  check_allocation(static_cast<double>(grid.cell_count()) * sizeof(double), "raster");
  values = detail::filled_vector(static_cast<size_t>(grid.cell_count()), fill);
}

Raster::Raster(Grid g, std::vector<double> v, std::optional<double> nd)
    : grid(std::move(g)), values(std::move(v)), nodata(nd) {
  grid.validate();
  if (values.size() != static_cast<size_t>(grid.cell_count())) {
    throw InvalidInput("raster: " + std::to_string(values.size()) + " values for a " + std::to_string(grid.nrows) +
                       " x " + std::to_string(grid.ncols) + " grid");
  }
}

bool Raster::is_nodata(double v) const { return std::isnan(v) || (nodata && v == *nodata); }

}  // namespace watchmap
