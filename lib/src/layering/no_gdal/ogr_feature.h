// Layering guard (see lib/README.md): only lib/src/io/ may use GDAL, OGR, OSR or CPL.
#error "GDAL header <ogr_feature.h> included outside lib/src/io/: add a GDAL-free function to an io header instead"
