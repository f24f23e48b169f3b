"""watchmap: coverage, hotspot and density analytics for district security planning.

Read hamlets, incidents, team bases and a DEM; measure coverage; find hotspots; print the maps.
The compiled core (``watchmap._core``) holds the data types and does the heavy work with the GIL
released; this package adds the Pythonic layer: pandas/GeoPandas adapters, defaults, docs.
"""
from __future__ import annotations

from . import _core
from ._core import (
    CancelledError,
    Crs,
    CrsError,
    GeometryError,
    Grid,
    InvalidInputError,
    IoError,
    PointSet,
    PolygonSet,
    Raster,
    WatchmapError,
    WatchmapWarning,
    clip,
    intersection_area,
    make_valid,
    union_all,
    utm_crs,
    validity_problems,
    voronoi_cells,
)
from . import _display, _frames, density, io, join
from ._frames import from_geopandas
from .io import list_layers, read_points, read_polygons, read_raster
from .density import bandwidth, kde, kde_ratio
from .join import count, hex_grid, locate, nearest, pairs_within, rollup, square_grid

__version__ = _core.__version__


def _attach_python_methods() -> None:
    """Adds the Pythonic methods to the compiled classes (one class per concept, not two)."""
    for cls in (PointSet, PolygonSet):
        cls.attributes = property(_frames._get_attributes, _frames._set_attributes,
                                  doc="Attribute columns as a pandas DataFrame (a copy; assign to replace).")
        cls.__repr__ = _display.layer_repr
        cls._repr_html_ = _display.layer_repr_html
    PointSet.to_geopandas = _frames.points_to_geopandas
    PolygonSet.to_geopandas = _frames.polygons_to_geopandas
    PointSet.write = io._write_points
    PolygonSet.write = io._write_polygons
    Raster.__repr__ = _display.raster_repr
    Raster._repr_html_ = _display.raster_repr_html


_attach_python_methods()

from . import datasets  # noqa: E402  (needs the attached methods)

__all__ = [
    "CancelledError", "Crs", "bandwidth", "kde", "kde_ratio", "CrsError", "GeometryError", "Grid", "InvalidInputError", "IoError",
    "PointSet", "PolygonSet", "Raster", "WatchmapError", "WatchmapWarning", "clip", "datasets",
    "count", "from_geopandas", "hex_grid", "intersection_area", "list_layers", "locate", "make_valid",
    "nearest", "pairs_within", "read_points", "read_polygons", "read_raster", "rollup", "square_grid",
    "union_all", "utm_crs", "validity_problems", "voronoi_cells",
]
