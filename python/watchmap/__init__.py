"""watchmap: coverage, hotspot and density analytics for district security planning.

Read hamlets, incidents, team bases and a DEM; measure coverage; find hotspots; print the maps.
The compiled core (``watchmap._core``) holds the data types and does the heavy work with the GIL
released; this package adds the Pythonic layer: pandas/GeoPandas adapters, defaults, docs.

Every function that measures in metres (a parameter named ``_m``, distances, densities per km²)
works in one metric frame chosen by the CRS rule: see :func:`analysis_crs`.
"""
from __future__ import annotations

from . import _core
from ._core import (
    CancelledError,
    CoverageCurve,
    Crs,
    CrsError,
    Density,
    Fdr,
    GetisOrd,
    GeometryError,
    Grid,
    InvalidInputError,
    Coverage,
    CoverageSummary,
    IoError,
    LineSet,
    LocalMoran,
    LocatedPairs,
    Moran,
    MinTeams,
    NearestResult,
    Pairs,
    Placement,
    PointSet,
    PolygonSet,
    Raster,
    ReachPairs,
    TravelGraph,
    TravelTime,
    WatchmapError,
    WatchmapWarning,
    Weights,
    analysis_crs,
    clip,
    intersection_area,
    make_valid,
    union_all,
    utm_crs,
    validity_problems,
    voronoi_cells,
)
from . import _display, _frames, _results, _time, density, geometry, grid, hotspot, io, join, tessellate, weights
from .travel_time import isochrones, travel_time  # the function is what watchmap.travel_time means
from . import coverage as _coverage_module
from .coverage import coverage  # the function is what watchmap.coverage means
from ._frames import from_geopandas
from .density import bandwidth, kde, kde_ratio
from .hotspot import (Hotspots, fdr, getis_ord, hotspot_bins, hotspots, local_moran, moran,
                      permutation_table)
from .io import list_layers, read_lines, read_points, read_polygons, read_raster
from .join import count, locate, rollup
from .nearest import nearest, pairs_within  # the function is what watchmap.nearest means
from .placement import coverage_curve, min_teams, place_teams
from .tessellate import hex_grid, square_grid

__version__ = _core.__version__


def _attach_python_methods() -> None:
    """Adds the Pythonic methods to the compiled classes (one class per concept, not two)."""
    for cls in (PointSet, PolygonSet, LineSet):
        cls.attributes = property(geometry.get_attributes, geometry.set_attributes,
                                  doc=geometry.get_attributes.__doc__)
        cls.__getitem__ = geometry.getitem
        cls.take = geometry.take
        cls.assign = geometry.assign
        cls.__repr__ = _display.layer_repr
        cls._repr_html_ = _display.layer_repr_html
    PointSet.time = property(_time.as_datetimes, _time.set_datetimes, doc=_time.__doc__)
    PointSet.to_geopandas = _frames.points_to_geopandas
    PolygonSet.to_geopandas = _frames.polygons_to_geopandas
    LineSet.to_geopandas = _frames.lines_to_geopandas
    LineSet.write = io._write_lines
    PointSet.write = io._write_points
    PolygonSet.write = io._write_polygons
    Grid._repr_html_ = grid.grid_repr_html
    Raster.__repr__ = _display.raster_repr
    Raster._repr_html_ = _display.raster_repr_html
    Raster.plot = grid.raster_plot
    for cls in (NearestResult, Pairs):
        _results.attach(cls)
    _results.attach(Density, tabular=False)
    _results.attach(TravelTime, tabular=False)
    _results.attach(ReachPairs)
    _results.attach(LocatedPairs)
    _results.attach(CoverageSummary, tabular=False)
    _results.attach(Coverage, tabular=False)
    Coverage.by_hamlet = property(_coverage_module.by_hamlet, doc=_coverage_module.by_hamlet.__doc__)
    Coverage.to_geopandas = _coverage_module.coverage_to_geopandas
    Coverage.to_frame = _coverage_module.by_hamlet
    CoverageSummary.__getitem__ = _coverage_module.summary_getitem
    CoverageSummary.to_dict = _coverage_module.summary_to_dict
    Density.__repr__ = _display.raster_repr
    weights.attach()
    hotspot.attach()
    Density._repr_html_ = _display.raster_repr_html


_attach_python_methods()

from . import datasets, district  # noqa: E402  (need the attached methods)
from .district import District, read_district  # noqa: E402


def __getattr__(name: str):
    """``watchmap.plot`` (maps) is imported on first use, so ``import watchmap`` does not load
    matplotlib's pyplot."""
    if name in ("plot", "web_map", "report"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'watchmap' has no attribute '{name}'")

__all__ = [
    "CancelledError", "Crs", "CrsError", "Density", "District", "Fdr", "GeometryError", "GetisOrd", "Grid",
    "Hotspots", "InvalidInputError", "LocalMoran", "Moran", "Weights", "fdr", "getis_ord", "hotspot_bins", "hotspots",
    "local_moran", "moran", "permutation_table",
    "IoError", "NearestResult", "Pairs", "PointSet", "PolygonSet", "Raster", "WatchmapError", "WatchmapWarning",
    "analysis_crs", "bandwidth", "clip", "count", "datasets", "from_geopandas", "hex_grid", "intersection_area",
    "kde", "kde_ratio", "list_layers", "plot", "locate", "make_valid", "nearest", "pairs_within", "read_district",
    "read_points", "read_polygons", "read_raster", "rollup", "square_grid", "union_all", "utm_crs",
    "validity_problems", "voronoi_cells",
    "Coverage", "CoverageSummary", "LineSet", "LocatedPairs", "ReachPairs", "coverage", "TravelGraph", "TravelTime", "isochrones", "read_lines", "travel_time",
]
__all__ += ["CoverageCurve", "MinTeams", "Placement", "coverage_curve", "min_teams", "place_teams"]
