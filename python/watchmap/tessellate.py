"""Regular square and hexagonal cells (for counting incidents and hotspot analysis)."""
from __future__ import annotations

from . import _core
from ._core import InvalidInputError, PolygonSet


def _cells(maker, extent, cell_size_m, within, clip, margin_m, crs):
    cells = maker(extent, float(cell_size_m), crs, float(margin_m))
    if within is True:
        if not isinstance(extent, PolygonSet):
            raise InvalidInputError("within=True needs the extent to be a PolygonSet")
        within = extent
    if within is not None:
        cells = _core._cells_within(cells, within, bool(clip))
    elif clip:
        raise InvalidInputError("clip=True needs within= (the boundary to clip to)")
    return cells


def square_grid(extent, cell_size_m: float, *, within=None, clip: bool = False, margin_m: float = 0.0,
                crs=None) -> PolygonSet:
    """Square cells of ``cell_size_m`` metres covering a layer or an (xmin, ymin, xmax, ymax) extent.

    The cells are in the extent layer's metric frame (its CRS when in metres, else the UTM zone of
    its centre), so 500 m means 500 m for lon/lat and feet layers too; an extent tuple needs a
    metric ``crs``. Cells carry ``cell_id``, ``row`` (0 = north) and ``col``; they are the cells of
    ``Grid.covering(extent, cell_size_m, margin_m=margin_m)`` so cell values map onto a raster.
    ``within=boundary`` (or True for the extent layer itself) keeps only cells sharing area with
    it; ``clip=True`` also cuts them to it.

    Examples
    --------
    >>> cells = watchmap.square_grid(d.boundary, 500.0, within=True)
    >>> watchmap.count(d.incidents, cells)
    """
    return _cells(_core._square_grid, extent, cell_size_m, within, clip, margin_m, crs)


def hex_grid(extent, cell_size_m: float, *, within=None, clip: bool = False, margin_m: float = 0.0,
             crs=None) -> PolygonSet:
    """Pointy-top hexagons whose neighbouring centres are ``cell_size_m`` metres apart.

    ``cell_size_m`` is the flat-to-flat width (as R's ``sf::st_make_grid``); each hexagon covers
    √3/2 · cell_size_m². Cells carry ``cell_id``, axial ``q``/``r`` and centre ``x``/``y``, in the
    extent's metric frame (see :func:`square_grid`). ``within``/``clip`` as for :func:`square_grid`.

    Examples
    --------
    >>> hexes = watchmap.hex_grid(d.boundary, 1000.0, within=True)
    """
    return _cells(_core._hex_grid, extent, cell_size_m, within, clip, margin_m, crs)
