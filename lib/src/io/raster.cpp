// GeoTIFF (and any GDAL raster) reading, writing and reprojection.
#include <gdal_utils.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <cstdio>

#include "core/names.hpp"
#include "core/progress_ticker.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal.hpp"
#include "io/memory_raster.hpp"
#include "watchmap/error.hpp"
#include "watchmap/io.hpp"

namespace watchmap {

namespace {

constexpr detail::Named<RasterType> kRasterTypes[] = {
    {RasterType::Float64, "float64"}, {RasterType::Float32, "float32"}, {RasterType::Int32, "int32"},
    {RasterType::Int16, "int16"},     {RasterType::UInt8, "uint8"},     {RasterType::UInt16, "uint16"}};

// An integer pixel type: GDAL's type and the range it holds.
struct IntegerType {
  GDALDataType gdal;
  double min, max;
};

std::optional<IntegerType> integer_type(RasterType type) {
  switch (type) {
    case RasterType::Int32: return IntegerType{GDT_Int32, -2147483648.0, 2147483647.0};
    case RasterType::Int16: return IntegerType{GDT_Int16, -32768.0, 32767.0};
    case RasterType::UInt8: return IntegerType{GDT_Byte, 0.0, 255.0};
    case RasterType::UInt16: return IntegerType{GDT_UInt16, 0.0, 65535.0};
    default: return std::nullopt;
  }
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// The nodata value written for an integer type (see write_raster in io.hpp), after checking
// every cell; `data` receives the values with NaN replaced by it.
std::optional<double> integer_nodata(const Raster& raster, RasterType type, const IntegerType& it, const std::string& path,
                                     std::vector<double>& data) {
  const char* name = to_string(type);
  std::optional<double> nodata = raster.nodata;
  bool chosen = false;
  if (nodata && !std::isnan(*nodata)) {
    if (*nodata != std::round(*nodata) || *nodata < it.min || *nodata > it.max) {
      throw InvalidInput("write_raster " + path + ": nodata " + number_text(*nodata) + " cannot be represented as " +
                         name + " (whole numbers " + number_text(it.min) + " to " + number_text(it.max) +
                         "); set raster.nodata to such a number or write as float32/float64");
    }
  }
  bool has_nan = false;
  for (double v : raster.values) has_nan = has_nan || std::isnan(v);
  if (!nodata || std::isnan(*nodata)) {
    if (has_nan || nodata) {  // a NaN nodata means "NaN cells are nodata": keep that meaning
      nodata = (type == RasterType::UInt8 || type == RasterType::UInt16) ? it.max : it.min;
      chosen = true;
    }
  }
  data = raster.values;
  for (size_t i = 0; i < data.size(); ++i) {
    double& v = data[i];
    if (std::isnan(v)) {
      v = *nodata;
      continue;
    }
    if (v != std::round(v) || v < it.min || v > it.max) {
      throw InvalidInput("write_raster " + path + ": cell " + std::to_string(i) + " (row " +
                         std::to_string(i / raster.grid.ncols) + ", column " + std::to_string(i % raster.grid.ncols) +
                         ") holds " + number_text(v) + ", which is not a " + name + " whole number (" +
                         number_text(it.min) + " to " + number_text(it.max) + "); write as float64 or float32");
    }
    if (chosen && v == *nodata) {
      throw InvalidInput("write_raster " + path + ": cell " + std::to_string(i) + " holds " + number_text(v) +
                         ", the value NaN cells would get as " + name + " nodata; set raster.nodata to a value "
                         "the data never take");
    }
  }
  return nodata;
}
constexpr detail::Named<Resampling> kResamplings[] = {{Resampling::Nearest, "nearest"},
                                                      {Resampling::Bilinear, "bilinear"},
                                                      {Resampling::Cubic, "cubic"},
                                                      {Resampling::Average, "average"}};

// Reads band `band` of an open dataset into a Raster; `where` names the source in messages.
// Rows are read in blocks of about 4M cells so `progress` is polled (and can cancel) often.
Raster raster_from_dataset(GDALDataset* ds, int band, const std::string& where, const ProgressCallback& progress = {}) {
  if (band < 1 || band > ds->GetRasterCount()) {
    throw InvalidInput(where + ": has " + std::to_string(ds->GetRasterCount()) + " band(s); band " +
                       std::to_string(band) + " does not exist");
  }
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None) throw IoError(where + ": has no geotransform (not georeferenced)");
  if (gt[2] != 0.0 || gt[4] != 0.0 || gt[5] >= 0.0) {
    throw InvalidInput(where + ": is rotated or south-up; warp it to a north-up grid first (gdalwarp)");
  }
  Grid grid;
  grid.ncols = ds->GetRasterXSize();
  grid.nrows = ds->GetRasterYSize();
  grid.cell_width = gt[1];
  grid.cell_height = -gt[5];
  grid.xmin = gt[0];
  grid.ymin = gt[3] - grid.cell_height * static_cast<double>(grid.nrows);
  grid.crs = detail::crs_from_srs(ds->GetSpatialRef());
  grid.validate();
  GDALRasterBand* b = ds->GetRasterBand(band);
  int has_nodata = 0;
  const double nodata = b->GetNoDataValue(&has_nodata);
  Raster raster(grid, 0.0, has_nodata ? std::optional<double>(nodata) : std::nullopt);
  detail::CplErrorCapture errors;
  detail::ProgressTicker ticker(progress, static_cast<double>(grid.nrows));
  const int64_t rows_per_block = std::max<int64_t>(1, (int64_t{1} << 22) / grid.ncols);
  for (int64_t row = 0; row < grid.nrows; row += rows_per_block) {
    const int64_t n = std::min(rows_per_block, grid.nrows - row);
    if (b->RasterIO(GF_Read, 0, static_cast<int>(row), static_cast<int>(grid.ncols), static_cast<int>(n),
                    raster.values.data() + row * grid.ncols, static_cast<int>(grid.ncols), static_cast<int>(n),
                    GDT_Float64, 0, 0) != CE_None) {
      throw IoError(where + ": cannot read band " + std::to_string(band) + " (rows " + std::to_string(row) + "–" +
                    std::to_string(row + n - 1) + ")" + errors.suffix());
    }
    if (!ticker.tick(static_cast<double>(n))) break;
  }
  ticker.finish(("reading " + where).c_str());
  return raster;
}

void set_georeference(GDALDataset* ds, const Grid& grid) {
  double gt[6] = {grid.xmin, grid.cell_width, 0.0, grid.ymax(), 0.0, -grid.cell_height};
  ds->SetGeoTransform(gt);
  if (!grid.crs.empty()) {
    OGRSpatialReference srs = detail::srs_from_wkt(grid.crs.wkt());
    ds->SetSpatialRef(&srs);
  }
}

// An in-memory GDAL dataset holding a copy of `raster` (for GDAL algorithms such as warping).
detail::DatasetPtr to_mem_dataset(const Raster& raster) {
  detail::ensure_gdal_registered();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  const Grid& g = raster.grid;
  detail::DatasetPtr ds(mem->Create("", static_cast<int>(g.ncols), static_cast<int>(g.nrows), 1, GDT_Float64, nullptr));
  set_georeference(ds.get(), g);
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (raster.nodata) band->SetNoDataValue(*raster.nodata);
  else band->SetNoDataValue(std::numeric_limits<double>::quiet_NaN());
  if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(g.ncols), static_cast<int>(g.nrows),
                     const_cast<double*>(raster.values.data()), static_cast<int>(g.ncols), static_cast<int>(g.nrows),
                     GDT_Float64, 0, 0) != CE_None) {
    throw IoError("cannot copy a raster into memory for GDAL");
  }
  return ds;
}

}  // namespace

RasterType raster_type_from_name(std::string_view name) { return detail::parse_name(kRasterTypes, name, "raster dtype"); }
const char* to_string(RasterType type) { return detail::name_of(kRasterTypes, type); }
Resampling resampling_from_name(std::string_view name) { return detail::parse_name(kResamplings, name, "resampling"); }
const char* to_string(Resampling resampling) { return detail::name_of(kResamplings, resampling); }

Raster read_raster(const std::string& path, int band, const WarningHandler& warn, const ProgressCallback& progress) {
  detail::ensure_gdal_registered();
  detail::require_exists(path, "cannot read raster");
  detail::CplErrorCapture errors;
  detail::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) {
    throw IoError("cannot open " + path + " as a raster" +
                  (errors.last_error().empty() ? std::string(": not a raster format GDAL reads") : errors.suffix()));
  }
  Raster raster = raster_from_dataset(ds.get(), band, path, progress);
  ds.reset();
  errors.forward_warnings(warn, path);
  return raster;
}

Raster detail::read_raster_bytes(std::string_view bytes, int band, int64_t max_cells, const WarningHandler& warn) {
  detail::ensure_gdal_registered();
  static std::atomic<unsigned> counter{0};
  const std::string path = "/vsimem/watchmap_raster_bytes_" + std::to_string(counter++);
  const std::string where = "raster in memory";
  // GDAL reads the caller's buffer in place (no copy, not owned) and the name is unlinked on return.
  VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                        static_cast<vsi_l_offset>(bytes.size()), FALSE);
  if (file == nullptr) throw IoError(where + ": cannot map the bytes into GDAL's memory file system");
  VSIFCloseL(file);
  struct Unlink {
    std::string path;
    ~Unlink() { VSIUnlink(path.c_str()); }
  } unlink{path};
  detail::CplErrorCapture errors;
  detail::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) {
    throw IoError(where + ": not a raster format GDAL reads" + errors.suffix());
  }
  const double cells = static_cast<double>(ds->GetRasterXSize()) * static_cast<double>(ds->GetRasterYSize());
  if (cells > static_cast<double>(max_cells)) {
    throw InvalidInput(where + ": " + std::to_string(ds->GetRasterXSize()) + " x " +
                       std::to_string(ds->GetRasterYSize()) + " cells, more than the " + std::to_string(max_cells) +
                       " allowed");
  }
  Raster raster = raster_from_dataset(ds.get(), band, where);
  ds.reset();
  errors.forward_warnings(warn, where);
  return raster;
}

void write_raster(const Raster& raster, const std::string& path, const RasterWriteOptions& options) {
  detail::ensure_gdal_registered();
  const Grid& g = raster.grid;
  g.validate();
  if (raster.values.size() != static_cast<size_t>(g.cell_count())) {
    throw InvalidInput("write_raster " + path + ": value count does not match the grid");
  }
  GDALDataType type = GDT_Float64;
  std::optional<double> nodata = raster.nodata;
  std::vector<double> buffer;
  const double* data = raster.values.data();
  if (const auto it = integer_type(options.type)) {
    type = it->gdal;
    nodata = integer_nodata(raster, options.type, *it, path, buffer);
    data = buffer.data();
  } else {
    if (options.type == RasterType::Float32) type = GDT_Float32;
    bool has_nan = false;
    for (double v : raster.values) has_nan = has_nan || std::isnan(v);
    if (has_nan && !nodata) nodata = std::numeric_limits<double>::quiet_NaN();
  }

  detail::AtomicOutput out(path);
  detail::CplErrorCapture errors;
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList create_options;
  create_options.SetNameValue("TILED", "YES");
  create_options.SetNameValue("BIGTIFF", "IF_SAFER");
  if (options.compress) {
    create_options.SetNameValue("COMPRESS", "DEFLATE");
    create_options.SetNameValue("PREDICTOR", type == GDT_Float32 || type == GDT_Float64 ? "3" : "2");
  }
  {
    detail::DatasetPtr ds(gtiff->Create(out.temp_path().c_str(), static_cast<int>(g.ncols), static_cast<int>(g.nrows), 1,
                                        type, create_options.List()));
    if (!ds) throw IoError("cannot create " + path + errors.suffix());
    set_georeference(ds.get(), g);
    GDALRasterBand* band = ds->GetRasterBand(1);
    if (nodata) band->SetNoDataValue(*nodata);
    if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(g.ncols), static_cast<int>(g.nrows), const_cast<double*>(data),
                       static_cast<int>(g.ncols), static_cast<int>(g.nrows), GDT_Float64, 0, 0) != CE_None) {
      throw IoError("cannot write " + path + errors.suffix());
    }
  }
  if (!errors.last_error().empty()) throw IoError("cannot write " + path + errors.suffix());
  out.commit();
}

Raster reproject(const Raster& raster, const Crs& crs, double cell_size, Resampling resampling) {
  if (raster.grid.crs.empty() || crs.empty()) {
    throw CrsError("reproject: both the raster (" + raster.grid.crs.to_string() + ") and the target (" +
                   crs.to_string() + ") need a CRS");
  }
  if (!(cell_size >= 0.0) || !std::isfinite(cell_size)) throw InvalidInput("reproject: cell size must be >= 0");
  detail::DatasetPtr src = to_mem_dataset(raster);
  static const char* names[] = {"near", "bilinear", "cubic", "average"};  // gdalwarp -r words
  CPLStringList argv;
  argv.AddString("-of");
  argv.AddString("MEM");
  argv.AddString("-t_srs");
  argv.AddString(crs.wkt().c_str());
  argv.AddString("-r");
  argv.AddString(names[static_cast<int>(resampling)]);
  argv.AddString("-dstnodata");
  argv.AddString(raster.nodata ? std::to_string(*raster.nodata).c_str() : "nan");
  if (cell_size > 0.0) {
    argv.AddString("-tr");
    argv.AddString(std::to_string(cell_size).c_str());
    argv.AddString(std::to_string(cell_size).c_str());
    argv.AddString("-tap");
  }
  detail::CplErrorCapture errors;
  GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.List(), nullptr);
  GDALDatasetH source = GDALDataset::ToHandle(src.get());
  int usage_error = 0;
  detail::DatasetPtr dst(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &source, options, &usage_error)));
  GDALWarpAppOptionsFree(options);
  if (!dst) throw CrsError("reproject to " + crs.to_string() + " failed" + errors.suffix());
  Raster out = raster_from_dataset(dst.get(), 1, "reprojected raster");
  out.grid.crs = crs;
  return out;
}

}  // namespace watchmap
