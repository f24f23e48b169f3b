// Layering guard (see lib/README.md): only lib/src/geom/ may use GEOS.
#error "GEOS header <geos.h> included outside lib/src/geom/: add a GEOS-free function to a geom header instead"
