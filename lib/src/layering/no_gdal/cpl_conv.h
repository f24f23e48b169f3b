// Layering guard (see lib/README.md): only lib/src/io/ may use GDAL, OGR, OSR or CPL.
#error "GDAL header <cpl_conv.h> included outside lib/src/io/: add a GDAL-free function to an io header instead"
