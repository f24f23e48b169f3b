// Raster classes to polygons through GDALPolygonize on an in-memory dataset.
#include "watchmap/polygonize.hpp"

#include <gdal_alg.h>

#include "io/gdal.hpp"
#include "watchmap/error.hpp"

namespace watchmap {

PolygonSet polygonize(const Grid& grid, const std::vector<int32_t>& classes, int32_t class_count) {
  grid.validate();
  if (classes.size() != static_cast<size_t>(grid.cell_count())) {
    throw InvalidInput("polygonize: " + std::to_string(classes.size()) + " classes for " +
                       std::to_string(grid.cell_count()) + " cells");
  }
  if (class_count < 1) throw InvalidInput("polygonize: class_count must be >= 1");
  if (grid.ncols > INT32_MAX || grid.nrows > INT32_MAX) throw InvalidInput("polygonize: the grid is too large");
  detail::ensure_gdal_registered();
  detail::CplErrorCapture errors;
  const int nx = static_cast<int>(grid.ncols), ny = static_cast<int>(grid.nrows);
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  detail::DatasetPtr raster(mem->Create("", nx, ny, 2, GDT_Int32, nullptr));
  if (!raster) throw IoError("polygonize: cannot create an in-memory raster" + errors.suffix());
  double gt[6] = {grid.xmin, grid.cell_width, 0.0, grid.ymax(), 0.0, -grid.cell_height};
  raster->SetGeoTransform(gt);
  std::vector<int32_t> mask(classes.size());
  for (size_t i = 0; i < classes.size(); ++i) mask[i] = classes[i] >= 0 && classes[i] < class_count ? 1 : 0;
  GDALRasterBand* values = raster->GetRasterBand(1);
  GDALRasterBand* valid = raster->GetRasterBand(2);
  if (values->RasterIO(GF_Write, 0, 0, nx, ny, const_cast<int32_t*>(classes.data()), nx, ny, GDT_Int32, 0, 0) != CE_None ||
      valid->RasterIO(GF_Write, 0, 0, nx, ny, mask.data(), nx, ny, GDT_Int32, 0, 0) != CE_None) {
    throw IoError("polygonize: cannot fill the in-memory raster" + errors.suffix());
  }

  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  detail::DatasetPtr vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  if (!vectors) throw IoError("polygonize: cannot create an in-memory layer" + errors.suffix());
  OGRLayer* layer = vectors->CreateLayer("regions", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn field("class", OFTInteger);
  if (layer == nullptr || layer->CreateField(&field) != OGRERR_NONE) {
    throw IoError("polygonize: cannot create an in-memory layer" + errors.suffix());
  }
  if (GDALPolygonize(GDALRasterBand::ToHandle(values), GDALRasterBand::ToHandle(valid), OGRLayer::ToHandle(layer), 0,
                     nullptr, nullptr, nullptr) != CE_None) {
    throw IoError("polygonize failed" + errors.suffix());
  }

  std::vector<std::vector<std::unique_ptr<OGRPolygon>>> by_class(static_cast<size_t>(class_count));
  layer->ResetReading();
  for (auto& feature : *layer) {
    const int k = feature->GetFieldAsInteger(0);
    OGRGeometry* g = feature->GetGeometryRef();
    if (k < 0 || k >= class_count || g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPolygon) continue;
    by_class[static_cast<size_t>(k)].emplace_back(g->clone()->toPolygon());
  }
  PolygonSet::Builder builder(grid.crs);
  for (const auto& parts : by_class) {
    for (const auto& poly : parts) detail::add_ogr_polygon(builder, poly.get());
    builder.end_feature();
  }
  return builder.build();
}

}  // namespace watchmap
