"""Printable maps and charts for district security planning (matplotlib).

Every map function takes ``ax=None`` and returns the Axes. With ``ax=None`` it makes a page:
``size="A4"`` or ``"A3"`` (or ``(width_in, height_in)``), ``orientation="auto"`` (landscape for a
wide district), map fitted to the page, legend beside (landscape) or below (portrait) the map, so
it never covers data. Save at print resolution with ``ax.figure.savefig("map.pdf")`` or
``savefig("map.png", dpi=300)``.

Every map carries a title, a legend, a scale bar in km (a round length, drawn in ground units),
a north arrow, a source/date line and a CRS note; each is an artist with a ``gid`` (``"title"``,
``"legend"``, ``"scalebar"``, ``"north_arrow"``, ``"source_note"``, ``"crs_note"``, and ``"note"``
for the synthetic-data note) so scripts and tests can find them with
``fig.findobj(lambda a: a.get_gid() == "scalebar")``. Key distinctions use hatching and line
styles as well as colour, so the maps read in greyscale print. Text uses DejaVu Sans, which has
every Vietnamese letter; ``lang="vi"`` switches all labels to Vietnamese.

Inputs are duck-typed: a layer is a watchmap ``PolygonSet``/``PointSet`` or a GeoDataFrame
(anything with ``to_geopandas()``); a raster is a watchmap ``Raster`` or any object with
``.values`` (2-D, row 0 = north), ``.grid`` (``xmin, ymin, xmax, ymax``, ``cell_width``,
``cell_height``) and optional ``.nodata``/``.crs``. Layers in different CRSs are reprojected to the
first layer's CRS; a layer in degrees is projected to its UTM zone.

The offline interactive map is :func:`watchmap.web_map.web_map`, also available here as
``watchmap.plot.web_map``.
"""
from __future__ import annotations

import warnings
from typing import Optional, Sequence

import numpy as np
import pandas as pd

import matplotlib.pyplot as plt
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import _map_furniture as F
from ._map_furniture import FONT_FAMILY, HOTSPOT_COLORS, HOTSPOT_HATCH
from .web_map import web_map

__all__ = [
    "district_map", "coverage_map", "travel_time_map", "density_map", "hotspot_map",
    "placement_map", "trend_chart", "web_map", "HOTSPOT_COLORS", "FONT_FAMILY",
]

# styles shared by the maps (greyscale-safe: boundaries differ in width and dash, markers in shape)
_HAMLET_EDGE = dict(edgecolor="#9a9a9a", linewidth=0.35)
_COMMUNE_EDGE = dict(color="#3a3a3a", linewidth=0.9, linestyle=(0, (6, 2)))
_DISTRICT_EDGE = dict(color="#111111", linewidth=1.6, linestyle="solid")
_TEAM_STYLE = dict(marker="^", markersize=4.2, markerfacecolor="#1a1a1a", markeredgecolor="white",
                   markeredgewidth=0.4, linestyle="none")
_GAP_EDGE = "#c0392b"
_ROAD_STYLE = dict(color="#8c510a", linewidth=0.55)
_UNCOVERED_STYLE = dict(marker="o", markersize=3.6, markerfacecolor="#e31a1c", markeredgecolor="white",
                        markeredgewidth=0.4, linestyle="none")
_PASTELS = ["#f3e6cf", "#dcebd5", "#dde5f0", "#f2dde0", "#ece6f2", "#f5f0c9", "#dcefed"]


# ---------------------------------------------------------------------------------------------
# shared plumbing
# ---------------------------------------------------------------------------------------------
class _Map:
    """The layers as frames aligned to one CRS, the axes, the page side for the legend, the words
    of ``lang`` and the legend entries in drawing order (``key``, ``lines``, ``points``)."""

    def __init__(self, layers: dict, rasters: dict, ax, size, orientation, lang: str):
        self.words = F.words(lang)
        self.handles, self.labels = [], []
        frames = {name: F.as_frame(layer, name) for name, layer in layers.items()}
        first = next((f for f in frames.values() if f is not None), None)
        crs = None
        if first is not None:
            first, crs = F.metric_crs(first)
        parts = {k: (F.RasterParts(r, k) if r is not None else None) for k, r in rasters.items()}
        for p in parts.values():
            if p is not None and crs is None:
                crs = p.crs
        self.crs = crs
        self.frames = {}
        for name, fr in frames.items():
            if fr is not None and crs is not None and fr.crs is not None and fr.crs.is_geographic:
                fr = fr.to_crs(crs)
            self.frames[name] = F.align(fr, crs, name) if fr is not None else None
        for name, p in parts.items():
            if p is not None and crs is not None and p.crs is not None and p.crs != crs:
                raise ValueError(f"{name}: raster CRS {p.crs.name} differs from the layers' "
                                 f"{crs.name}; reproject one of them first")
        self.rasters = parts
        self.bounds = self._bounds()
        if ax is None:
            fig, ax, side = F.new_map_figure(self.bounds, size, orientation)
            ax._watchmap_page = True
        else:
            side = "right"
        self.ax, self.side = ax, side
        F.prepare_map_axes(ax, self.bounds)

    def key(self, handle, label: str) -> None:
        """One legend entry."""
        self.handles.append(handle)
        self.labels.append(label)

    def lines(self, layer, label: str, *, gid: str, zorder: float, **style):
        """A layer's lines or polygon outlines (a frame name or geometries) with its legend entry;
        the artist, or None when there is nothing to draw."""
        frame = self.frames[layer] if isinstance(layer, str) else layer
        if frame is None or not len(frame):
            return None
        artist = _draw_lines(self.ax, frame, gid=gid, zorder=zorder, **style)
        self.key(Line2D([], [], **style), label)
        return artist

    def polygons(self, layer, label: str, *, gid: str, zorder: float, **style):
        """A polygon layer (a frame name or frame) filled with ``style`` and its legend patch."""
        frame = self.frames[layer] if isinstance(layer, str) else layer
        if frame is None or not len(frame):
            return None
        artist = F.polygon_collection(self.ax, frame.geometry, gid=gid, zorder=zorder, **style)
        self.key(Patch(**style), label)
        return artist

    def points(self, name: str, label: str, *, gid: str, zorder: float, legend: Optional[dict] = None, **style):
        """A point layer's markers with its legend entry (``legend`` overrides the marker style there)."""
        frame = self.frames[name]
        if frame is None or not len(frame):
            return None
        artist = _draw_points(self.ax, frame, gid=gid, zorder=zorder, **style)
        self.key(Line2D([], [], **{**style, **(legend or {})}), label)
        return artist

    def _bounds(self):
        boxes = [f.total_bounds for f in self.frames.values() if f is not None and len(f)]
        if not boxes:
            boxes = [np.array(p.bounds) for p in self.rasters.values() if p is not None]
        if not boxes:
            raise ValueError("nothing to map: every layer is empty")
        b = np.vstack(boxes)
        return (np.nanmin(b[:, 0]), np.nanmin(b[:, 1]), np.nanmax(b[:, 2]), np.nanmax(b[:, 3]))


def _union(frame):
    """Union of a layer's polygons, without the sub-square-metre slivers between neighbours."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.ops import unary_union

    if frame is None or not len(frame):
        return None
    u = unary_union([g.buffer(0) for g in frame.geometry if g is not None and not g.is_empty])
    if u.is_empty or u.geom_type not in ("Polygon", "MultiPolygon"):
        return u
    tiny = max(u.area * 1e-9, 1.0)
    parts = [Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area > tiny])
             for p in getattr(u, "geoms", [u])]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _contour_artists(cs):
    """The artists of a contour set: matplotlib < 3.8 keeps one collection per level, later
    versions make the ContourSet itself the collection (``.collections`` is deprecated there)."""
    from matplotlib.collections import Collection

    return [cs] if isinstance(cs, Collection) else list(cs.collections)


def _draw_lines(ax, frame_or_geoms, *, gid, zorder, **style):
    from matplotlib.collections import LineCollection

    geoms = frame_or_geoms.geometry if hasattr(frame_or_geoms, "geometry") else frame_or_geoms
    segs = F.line_geoms(geoms)
    lc = LineCollection(segs, zorder=zorder, **style)
    lc.set_gid(gid)
    lc.set_capstyle("round")
    lc.set_joinstyle("round")
    ax.add_collection(lc, autolim=False)
    return lc


def _clip(ax, artists, footprint):
    """Clips the artists to a (multi)polygon in data coordinates."""
    path = F.geometry_path(footprint) if footprint is not None and not footprint.is_empty else None
    if path is None:
        return
    from matplotlib.patches import PathPatch

    patch = PathPatch(path, transform=ax.transData, facecolor="none", edgecolor="none")
    for artist in artists:
        if artist is not None:
            artist.set_clip_path(patch)


def _draw_points(ax, frame, *, gid, zorder, **style):
    if frame is None or not len(frame):
        return None
    xy = np.array([(g.x, g.y) for g in frame.geometry if g is not None and not g.is_empty])
    (line,) = ax.plot(xy[:, 0], xy[:, 1], zorder=zorder, **style)
    line.set_gid(gid)
    return line


def _draw_boundary_lines(m: _Map, communes, boundary, district_union=None):
    """Commune boundaries (when given) and the district outline (``boundary``, else the union) on top."""
    if communes is not None:
        m.lines(communes, m.words["commune_boundary"], gid="communes", zorder=5, **_COMMUNE_EDGE)
    outline = boundary.geometry if boundary is not None else ([district_union] if district_union else [])
    m.lines(list(outline), m.words["district_boundary"], gid="district_boundary", zorder=6, **_DISTRICT_EDGE)


def _values_for(frame, values, name: str, defaults: Sequence[str], id_col: str = "hamlet_id"):
    """Per-feature values from a column name, a Series (by id or position) or an array."""
    if values is None:
        col = next((c for c in defaults if c in frame.columns), None)
        if col is None:
            raise ValueError(f"{name}: give values or a column; none of {list(defaults)} is in "
                             f"the layer (columns: {list(frame.columns)})")
        return frame[col].to_numpy(dtype=float)
    if isinstance(values, str):
        if values not in frame.columns:
            raise ValueError(f"{name}: column {values!r} not in the layer "
                             f"(columns: {list(frame.columns)})")
        return frame[values].to_numpy(dtype=float)
    if isinstance(values, pd.Series) and id_col in frame.columns and \
            set(frame[id_col]).issubset(set(values.index)) and len(values.index.unique()) == len(values):
        return values.reindex(frame[id_col]).to_numpy(dtype=float)
    arr = np.asarray(values, dtype=float).ravel()
    if len(arr) != len(frame):
        raise ValueError(f"{name}: {len(arr)} values for {len(frame)} features")
    return arr


def _finish(m: _Map, *, legend_title, title, lang, source, date, note, synthetic, legend_loc, footprint,
            extra_notes=()):
    return F.finish_map(m.ax, footprint=footprint, handles=m.handles, labels=m.labels,
                        legend_title=legend_title, title=title, lang=lang, crs=m.crs,
                        source=source, date=date, note=note, synthetic=synthetic,
                        legend_loc=legend_loc, side=m.side, extra_notes=extra_notes)


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    if callable(get):
        return get()
    return fig._get_renderer()  # noqa: SLF001 - matplotlib has no public equivalent for all canvases


def _label_anchor(geom):
    from shapely.ops import polylabel

    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    if geom.geom_type != "Polygon":
        return geom.representative_point()
    try:
        return polylabel(geom, tolerance=max(geom.length / 150.0, 1.0))
    except Exception:  # noqa: BLE001 - polylabel can fail on degenerate rings
        return geom.representative_point()


def _place_labels(ax, items, *, taken=None, obstacles_xy=None, obstacle_pt=3.0):
    """Places each label only where it fits inside its polygon without overlapping earlier ones.

    ``items``: (text, polygon, text kwargs). Tries the pole of inaccessibility, one line and (for
    names with a space) two lines. Returns the list of placed Text artists.
    """
    from matplotlib.transforms import Bbox
    from shapely.geometry import box as sbox

    fig = ax.figure
    ax.apply_aspect()
    renderer = _renderer(fig)
    inv = ax.transData.inverted()
    taken = list(taken or [])
    # boxes as (x0, y0, x1, y1) rows, tested all at once (Bbox.overlaps is inclusive, so is this)
    taken_xy = np.array([b.extents for b in taken], dtype=float).reshape(-1, 4)
    pad = 1.5 * fig.dpi / 72.0
    obstacles = np.empty((0, 4))
    if obstacles_xy is not None and len(obstacles_xy):
        pix = ax.transData.transform(obstacles_xy)
        r = obstacle_pt * fig.dpi / 72.0
        obstacles = np.column_stack([pix[:, 0] - r, pix[:, 1] - r, pix[:, 0] + r, pix[:, 1] + r])

    def hits(boxes, x0, y0, x1, y1) -> bool:
        return bool(np.any((boxes[:, 0] <= x1) & (x0 <= boxes[:, 2]) & (boxes[:, 1] <= y1) & (y0 <= boxes[:, 3])))

    placed = []
    for text, poly, kw in items:
        if poly is None or poly.is_empty or not text:
            continue
        anchor = _label_anchor(poly)
        ax_, ay_ = ax.transData.transform([anchor.x, anchor.y])
        variants = [text]
        if " " in text.strip():
            variants.append(text.strip().replace(" ", "\n", 1))
        done = False
        for v in variants:
            t = ax.text(anchor.x, anchor.y, v, ha="center", va="center", **kw)
            bb0 = t.get_window_extent(renderer)
            w, h = bb0.width, bb0.height
            for ox, oy in ((0, 0), (0, 0.9 * h), (0, -0.9 * h), (0.4 * w, 0), (-0.4 * w, 0),
                           (0, 1.8 * h), (0, -1.8 * h)):
                px, py = ax_ + ox, ay_ + oy
                x0, y0, x1, y1 = px - w / 2, py - h / 2, px + w / 2, py + h / 2
                if hits(taken_xy, x0 - pad, y0 - pad, x1 + pad, y1 + pad) or hits(obstacles, x0, y0, x1, y1):
                    continue
                (dx0, dy0), (dx1, dy1) = inv.transform([[x0, y0], [x1, y1]])
                inside = sbox(dx0, dy0, dx1, dy1)
                if inside.difference(poly).area > 0.04 * inside.area:
                    continue
                t.set_position(tuple(inv.transform([px, py])))
                taken.append(Bbox.from_extents(x0 - pad, y0 - pad, x1 + pad, y1 + pad))
                taken_xy = np.vstack([taken_xy, [x0 - pad, y0 - pad, x1 + pad, y1 + pad]])
                placed.append(t)
                done = True
                break
            if done:
                break
            t.remove()
    return placed, taken


def _greedy_colours(frame, palette):
    """Indices into ``palette`` so that touching polygons differ (greedy graph colouring)."""
    geoms = list(frame.geometry)
    sindex = frame.sindex
    colour = [-1] * len(geoms)
    order = np.argsort([-g.area for g in geoms])
    for i in order:
        near = sindex.query(geoms[i], predicate="intersects")
        used = {colour[j] for j in near if j != i and colour[j] >= 0}
        colour[i] = next((c for c in range(len(palette)) if c not in used), i % len(palette))
    return colour


def _communes_from(hamlets, communes):
    """The commune layer given, or the hamlets dissolved by their ``commune`` column."""
    if communes is not None:
        return communes
    if "commune" in hamlets.columns:
        try:
            return hamlets[["commune", "geometry"]].dissolve(by="commune", as_index=False)
        except Exception:  # noqa: BLE001 - a failed dissolve only costs the commune lines
            return None
    return None


# ---------------------------------------------------------------------------------------------
# district map
# ---------------------------------------------------------------------------------------------
def district_map(hamlets, communes=None, teams=None, *, boundary=None, labels: bool = True,
                 label_column: str = "hamlet", commune_column: str = "commune", ax=None,
                 size="A4", orientation: str = "auto", title: Optional[str] = None,
                 lang: str = "en", synthetic: bool = False, note: Optional[str] = None,
                 source: Optional[str] = None, date=None, legend_loc: Optional[str] = None):
    """Reference map: hamlets, commune and district boundaries, security team bases, names.

    Hamlets are tinted by commune (touching communes differ), commune boundaries are dashed,
    the district outline is solid and heavy. Names are placed only where they fit inside their
    polygon without overlapping another name or a team base (commune names first, in capitals,
    then hamlets from the largest down), so small hamlets stay unlabelled rather than cluttered.

    Parameters
    ----------
    hamlets : PolygonSet or GeoDataFrame
        Hamlet polygons. Columns used: ``label_column`` (default ``"hamlet"``) for names and
        ``commune`` for tints and, when ``communes`` is None, commune boundaries.
    communes : PolygonSet or GeoDataFrame, optional
        Commune polygons with a ``commune`` name column. Default: hamlets dissolved by commune.
    teams : PointSet or GeoDataFrame, optional
        Team bases (tổ an ninh nhân dân), drawn as triangles.
    boundary : PolygonSet or GeoDataFrame, optional
        District outline; default: the union of the hamlets.
    labels : bool
        Draw commune and hamlet names where they fit.
    label_column, commune_column : str
        Name columns of hamlets and communes.
    ax : matplotlib Axes, optional
        Draw here; by default a new ``size`` page is made.
    size : {"A4", "A3"} or (width_in, height_in)
        Page size when ``ax`` is None.
    orientation : {"auto", "landscape", "portrait"}
        Page orientation; "auto" follows the district's shape.
    title : str, optional
        Map title (default in ``lang``).
    lang : {"en", "vi"}
        Language of every label.
    synthetic : bool
        Print "Synthetic demo district modelled on Bạch Thông" on the map.
    note : str, optional
        Custom note printed on the map instead (e.g. a data-status warning).
    source : str, optional
        Data source for the source/date line.
    date : str or datetime.date, optional
        Date on the source line (default today).
    legend_loc : str, optional
        A matplotlib ``loc`` to put the legend inside the map; default beside/below it.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> ax = wm.plot.district_map(d.hamlets, d.communes, d.teams, synthetic=True, lang="vi")
    >>> ax.figure.savefig("district.pdf")
    """
    m = _Map({"hamlets": hamlets, "communes": communes, "teams": teams, "boundary": boundary}, {}, ax, size,
             orientation, lang)
    W, ax, h = m.words, m.ax, m.frames["hamlets"]
    comm = _communes_from(h, m.frames["communes"])
    fs = F.font_scale(ax.figure)

    if comm is not None and commune_column in comm.columns and commune_column in h.columns:
        idx = _greedy_colours(comm, _PASTELS)
        tint = dict(zip(comm[commune_column], [_PASTELS[i] for i in idx]))
        fc = [tint.get(c, "#f2f2f2") for c in h[commune_column]]
    else:
        fc = ["#f2efe8"] * len(h)
    F.polygon_collection(ax, h.geometry, gid="hamlets", facecolor=fc, zorder=2, **_HAMLET_EDGE)
    m.key(Patch(facecolor="#f2efe8", **_HAMLET_EDGE), W["hamlet"])
    _draw_boundary_lines(m, comm, m.frames["boundary"], _union(h))
    m.points("teams", W["team"], gid="teams", zorder=7, legend=_TEAM_STYLE, **{**_TEAM_STYLE, "markersize": 3.2 * fs})
    t = m.frames["teams"]

    if labels:
        team_xy = np.array([(g.x, g.y) for g in t.geometry]) if t is not None and len(t) else None
        taken = []
        if comm is not None and commune_column in comm.columns:
            items = [(str(n).upper(), g, dict(fontsize=7.6 * fs, fontweight="bold", family=FONT_FAMILY,
                                              color="#202020", zorder=9, path_effects=F.halo(2.2 * fs),
                                              gid="commune_label"))
                     for n, g in zip(comm[commune_column], comm.geometry)]
            items.sort(key=lambda it: -it[1].area)
            _, taken = _place_labels(ax, items, obstacles_xy=team_xy, obstacle_pt=2.5 * fs)
        if label_column in h.columns:
            items = [(str(n), g, dict(fontsize=5.8 * fs, family=FONT_FAMILY, color="#3c3c3c",
                                      zorder=8, path_effects=F.halo(1.2 * fs), gid="hamlet_label"))
                     for n, g in zip(h[label_column], h.geometry)]
            items.sort(key=lambda it: -it[1].area)
            _place_labels(ax, items, taken=taken, obstacles_xy=team_xy, obstacle_pt=2.5 * fs)

    return _finish(m, legend_title=W["legend"], title=title or W["district_title"],
                   lang=lang, source=source, date=date, note=note, synthetic=synthetic,
                   legend_loc=legend_loc, footprint=_union(h))


# ---------------------------------------------------------------------------------------------
# coverage map
# ---------------------------------------------------------------------------------------------
def _coverage_classes(threshold: float):
    breaks = sorted({0.0, 0.25, 0.5, float(threshold), 1.0})
    breaks = [b for b in breaks if 0.0 <= b <= 1.0]
    return breaks


def coverage_map(hamlets, covered_share=None, *, teams=None, gaps=None, threshold: float = 0.8,
                 all_gaps: bool = False, uncovered=None, communes=None, boundary=None, ax=None, size="A4", orientation: str = "auto",
                 title: Optional[str] = None, lang: str = "en", synthetic: bool = False,
                 note: Optional[str] = None, source: Optional[str] = None, date=None,
                 legend_loc: Optional[str] = None, cmap: str = "YlGnBu"):
    """Hamlets shaded by the share of residents covered by a security team.

    Shares are classed (0–25 %, 25–50 %, 50 %–threshold, threshold–<100 %, 100 %) on a light-to-dark
    sequential scale; hamlets below ``threshold`` are also hatched ``//``. Gap polygons (areas no
    team reaches) are outlined in red with a light cross-hatch, so both read in greyscale. Gaps are
    areas while the shading counts residents, so by default only the gaps where residents live or
    incidents happened are drawn (the legend says so). Where the residents are known (household
    points), ``uncovered`` marks the households no team reaches: usually the clearer picture.

    Parameters
    ----------
    hamlets : PolygonSet or GeoDataFrame
        Hamlet polygons (``hamlet_id`` is used to align a Series of shares).
    covered_share : str, array-like or pandas.Series, optional
        Covered share of residents per hamlet, 0–1: a column name, an array in hamlet order, or
        a Series indexed by ``hamlet_id``. Default: the column ``covered_share``.
    teams : PointSet or GeoDataFrame, optional
        Team bases (triangles).
    gaps : PolygonSet or GeoDataFrame, optional
        Uncovered areas, e.g. ``watchmap.coverage(...).gaps``. When they have ``residents`` and
        ``incidents`` columns (as coverage's do), only gaps with residents or incidents are drawn.
    threshold : float
        Share below which a hamlet is flagged (hatched), default 0.8.
    all_gaps : bool
        Draw every gap polygon, also those without residents or incidents.
    uncovered : PointSet or GeoDataFrame, optional
        Households not covered, drawn as red dots.
    communes, boundary : PolygonSet or GeoDataFrame, optional
        Commune polygons (dashed lines; default: hamlets dissolved by ``commune``) and the
        district outline (default: union of hamlets).
    ax, size, orientation, title, lang, synthetic, note, source, date, legend_loc
        As in :func:`district_map`.
    cmap : str
        Sequential matplotlib colormap for the classes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> share = np.random.default_rng(0).uniform(0.3, 1.0, len(d.hamlets))
    >>> ax = wm.plot.coverage_map(d.hamlets, share, teams=d.teams, threshold=0.8, synthetic=True)
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be a share in (0, 1] (got {threshold})")
    m = _Map({"hamlets": hamlets, "teams": teams, "gaps": gaps, "uncovered": uncovered, "communes": communes,
              "boundary": boundary}, {}, ax, size, orientation, lang)
    W, ax, h = m.words, m.ax, m.frames["hamlets"]
    share = _values_for(h, covered_share, "covered_share", ["covered_share"])
    finite = share[np.isfinite(share)]
    if finite.size and (finite.min() < -1e-9 or finite.max() > 1.0 + 1e-9):
        raise ValueError(f"covered_share must be a fraction 0–1 (got {finite.min():g}…{finite.max():g}); "
                         "divide percentages by 100")
    breaks = _coverage_classes(threshold)
    ncls = len(breaks)  # intervals between breaks plus the "100 %" class
    colours = [plt.get_cmap(cmap)(v) for v in np.linspace(0.12, 0.85, ncls)]
    full = share >= 1.0 - 5e-4
    cls = np.clip(np.searchsorted(breaks, share, side="right") - 1, 0, ncls - 2)
    cls = np.where(full, ncls - 1, cls)
    fc = [colours[c] if np.isfinite(s) else (1, 1, 1, 0) for c, s in zip(cls, share)]
    F.polygon_collection(ax, h.geometry, gid="coverage", facecolor=fc, zorder=2,
                         edgecolor="#7d7d7d", linewidth=0.3)
    below = np.isfinite(share) & (share < threshold)
    if below.any():
        F.polygon_collection(ax, h.geometry[below], gid="below_threshold", facecolor="none",
                             edgecolor="#4a4a4a", linewidth=0.0, hatch="//", zorder=3)
    pct = [F.fmt_percent(b, lang) for b in breaks]
    for i in range(ncls - 1):
        hi = pct[i + 1] if i < ncls - 2 else "<" + pct[-1]
        lab = f"{pct[i].rstrip('%')}–{hi}"
        hatch = "//" if breaks[i + 1] <= threshold + 1e-12 else None
        m.key(Patch(facecolor=colours[i], edgecolor="#4a4a4a" if hatch else "#7d7d7d", linewidth=0.3,
                    hatch=hatch), lab)
    m.key(Patch(facecolor=colours[-1], edgecolor="#7d7d7d", linewidth=0.3), pct[-1])
    g = m.frames["gaps"]
    occupied = g is not None and not all_gaps and {"residents", "incidents"} <= set(g.columns)
    if occupied:
        g = g[(g["residents"].to_numpy(float) > 0) | (g["incidents"].to_numpy(float) > 0)]
    m.polygons(g, W["gaps_occupied" if occupied else "gaps"], gid="gaps", zorder=4, facecolor="none",
               edgecolor=_GAP_EDGE, linewidth=0.8)
    _draw_boundary_lines(m, _communes_from(h, m.frames["communes"]), m.frames["boundary"], _union(h))
    m.points("teams", W["team"], gid="teams", zorder=7, **_TEAM_STYLE)
    m.points("uncovered", W["uncovered"], gid="uncovered", zorder=8, legend={"markersize": 5.0}, **_UNCOVERED_STYLE)
    n_below = int(below.sum())
    extra = [f"{W['below_threshold'].format(pct=F.fmt_percent(threshold, lang))}: {n_below} / {len(h)}"]
    return _finish(m, legend_title=W["coverage_legend"],
                   title=title or W["coverage_title"], lang=lang, source=source, date=date,
                   note=note, synthetic=synthetic, legend_loc=legend_loc, footprint=_union(h),
                   extra_notes=extra)


# ---------------------------------------------------------------------------------------------
# travel time
# ---------------------------------------------------------------------------------------------
_ISO_STYLES = ["solid", (0, (5, 2)), (0, (1.5, 1.5)), (0, (6, 2, 1.5, 2)), (0, (3, 3))]


def _show_hillshade(ax, dem_parts, alpha=1.0):
    shade = F.hillshade(dem_parts.values, dem_parts.cell_w, dem_parts.cell_h)
    shown = 0.55 + 0.45 * shade               # light paper-friendly relief
    im = ax.imshow(np.ma.masked_invalid(shown), extent=dem_parts.extent, origin="upper",
                   cmap="gray", vmin=0.0, vmax=1.0, interpolation="bilinear", zorder=0.5,
                   alpha=alpha)
    im.set_gid("hillshade")
    return im


def travel_time_map(minutes_raster, *, dem=None, isochrones=None, teams=None, boundary=None, roads=None,
                    bands: Sequence[float] = (10, 20, 30), ax=None, size="A4",
                    orientation: str = "auto", title: Optional[str] = None, lang: str = "en",
                    synthetic: bool = False, note: Optional[str] = None,
                    source: Optional[str] = None, date=None, legend_loc: Optional[str] = None,
                    cmap: str = "YlGnBu_r", alpha: float = 0.62):
    """Walking-time bands from the nearest team over a hillshade of the terrain.

    Cells are classed into ``0–10``, ``10–20``, ``20–30`` and ``> 30`` minutes (for the default
    ``bands``), dark (near) to light (far); cells beyond the last band are dotted so they read in
    greyscale. Isochrone lines use different dash patterns per band. Nodata is transparent; with a
    ``boundary`` the raster layers are clipped to it (the district is what the times are for).

    Parameters
    ----------
    minutes_raster : Raster
        Travel time in minutes (e.g. ``wm.travel_time(dem, teams).minutes``); NaN/nodata =
        unreachable or outside.
    dem : Raster, optional
        Elevation in metres for the hillshade (computed with numpy: sun from the north-west,
        45° up).
    isochrones : PolygonSet or GeoDataFrame, optional
        Isochrone polygons or lines with a ``minutes`` column (e.g. ``wm.isochrones(...)``). By
        default the lines are contoured from ``minutes_raster`` at ``bands``.
    teams : PointSet or GeoDataFrame, optional
        Team bases (triangles).
    boundary : PolygonSet or GeoDataFrame, optional
        District outline drawn on top; the hillshade, bands and lines are clipped to it.
    roads : LineSet or GeoDataFrame, optional
        Roads and trails (thin brown lines), e.g. those given to ``watchmap.travel_time``.
    bands : sequence of float
        Band limits in minutes, increasing.
    ax, size, orientation, title, lang, synthetic, note, source, date, legend_loc
        As in :func:`district_map`.
    cmap : str
        Colormap sampled for the bands.
    alpha : float
        Opacity of the bands over the hillshade.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> tt = wm.travel_time(d.dem, d.teams)
    >>> ax = wm.plot.travel_time_map(tt.minutes, dem=d.dem, teams=d.teams,
    ...                              boundary=d.boundary, synthetic=True)
    """
    bands = [float(b) for b in bands]
    if not bands or any(b2 <= b1 for b1, b2 in zip(bands, bands[1:])) or bands[0] <= 0:
        raise ValueError(f"bands must be positive and increasing (got {bands})")
    m = _Map({"boundary": boundary, "teams": teams, "isochrones": isochrones, "roads": roads},
             {"minutes_raster": minutes_raster, "dem": dem}, ax, size, orientation, lang)
    W, ax = m.words, m.ax
    mp = m.rasters["minutes_raster"]
    b = m.frames["boundary"]
    inside = []                                  # artists clipped to the district
    if b is not None and len(b):
        m.bounds = tuple(b.total_bounds)
        F.prepare_map_axes(ax, m.bounds)
    if m.rasters["dem"] is not None:
        inside.append(_show_hillshade(ax, m.rasters["dem"]))
    edges = [0.0] + bands + [np.inf]
    colours = [plt.get_cmap(cmap)(v) for v in np.linspace(0.05, 0.75, len(bands))]
    over_colour = (1, 1, 1, 0.0)
    lut = ListedColormap(colours + [over_colour])
    lut.set_bad((0, 0, 0, 0))
    norm = BoundaryNorm([0.0] + bands + [bands[-1] * 1e6], lut.N)
    vals = mp.values
    im = ax.imshow(np.ma.masked_invalid(vals), extent=mp.extent, origin="upper", cmap=lut,
                   norm=norm, interpolation="nearest", alpha=alpha, zorder=1)
    im.set_gid("travel_time")
    inside.append(im)
    over = np.isfinite(vals) & (vals > bands[-1])
    if over.any():
        x, y = mp.centres()
        cs = ax.contourf(x, y, np.where(np.isfinite(vals), vals, -1.0), levels=[bands[-1], np.inf],
                         colors="none", hatches=["...."], zorder=1.5)
        for coll in _contour_artists(cs):
            coll.set_edgecolor("#555555")
            coll.set_linewidth(0.0)
            coll.set_gid("beyond_last_band")
            inside.append(coll)
    for i, c in enumerate(colours):
        m.key(Patch(facecolor=to_rgba(c, alpha), edgecolor="#666666", linewidth=0.3),
              f"{edges[i]:g}–{edges[i + 1]:g} {W['min']}")
    m.key(Patch(facecolor="white", edgecolor="#555555", linewidth=0.3, hatch="...."),
          W["travel_over"].format(m=f"{bands[-1]:g}"))
    iso = m.frames["isochrones"]
    if iso is not None and len(iso):
        mins = iso["minutes"].to_numpy(dtype=float) if "minutes" in iso.columns else np.full(len(iso), np.nan)
        levels = sorted({v for v in mins if np.isfinite(v)}) or [np.nan]
        for k, lev in enumerate(levels):
            sel = (mins == lev) if np.isfinite(lev) else np.ones(len(iso), bool)
            inside.append(m.lines(iso.geometry[sel], W["isochrone"].format(m=f"{lev:g}"), gid="isochrones",
                                  zorder=4, color="#111111", linewidth=0.8, linestyle=_ISO_STYLES[k % len(_ISO_STYLES)]))
    else:
        x, y = mp.centres()
        filled = np.where(np.isfinite(vals), vals, np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cs = ax.contour(x, y, filled, levels=bands, colors="#111111", linewidths=0.7,
                            linestyles=[_ISO_STYLES[k % len(_ISO_STYLES)] for k in range(len(bands))],
                            zorder=4)
        for coll in _contour_artists(cs):
            coll.set_gid("isochrones")
            inside.append(coll)
        for k, lev in enumerate(bands):
            m.key(Line2D([], [], color="#111111", linewidth=0.7, linestyle=_ISO_STYLES[k % len(_ISO_STYLES)]),
                  W["isochrone"].format(m=f"{lev:g}"))
    inside.append(m.lines("roads", W["road"], gid="roads", zorder=3, **_ROAD_STYLE))
    if m.lines("boundary", W["district_boundary"], gid="district_boundary", zorder=6, **_DISTRICT_EDGE):
        _clip(ax, inside, _union(b))
    m.points("teams", W["team"], gid="teams", zorder=7, **_TEAM_STYLE)
    footprint = _union(b) if b is not None and len(b) else mp.footprint()
    return _finish(m, legend_title=W["travel_legend"],
                   title=title or W["travel_title"], lang=lang, source=source, date=date,
                   note=note, synthetic=synthetic, legend_loc=legend_loc, footprint=footprint)


# ---------------------------------------------------------------------------------------------
# density
# ---------------------------------------------------------------------------------------------
def density_map(density_raster, *, boundary=None, hamlets=None, incidents=None, classes: int = 5,
                scheme: str = "quantile", breaks: Optional[Sequence[float]] = None, ax=None,
                size="A4", orientation: str = "auto", title: Optional[str] = None,
                lang: str = "en", synthetic: bool = False, note: Optional[str] = None,
                source: Optional[str] = None, date=None, legend_loc: Optional[str] = None,
                cmap: str = "magma_r"):
    """Kernel density of incidents, classed, in incidents per km².

    The surface is shown in ``classes`` classes (rounded quantiles of the non-zero cells by
    default; ``"doubling"`` keeps the cores apart when a few cells are far denser than the rest)
    of a perceptually uniform colormap whose lightness rises monotonically, so the order survives
    greyscale. NaN/nodata cells are transparent; hamlet and district boundaries are
    drawn on top.

    Parameters
    ----------
    density_raster : Raster
        Density per km² (``wm.kde(...)``).
    boundary : PolygonSet or GeoDataFrame, optional
        District outline (heavy line on top).
    hamlets : PolygonSet or GeoDataFrame, optional
        Hamlet polygons (thin lines on top).
    incidents : PointSet or GeoDataFrame, optional
        Incident points, drawn as small dots.
    classes : int
        Number of classes (ignored when ``breaks`` is given).
    scheme : {"quantile", "equal", "doubling"}
        How to choose class breaks: rounded quantiles of the non-zero cells, equal widths, or
        powers of two up to the peak (each class twice the one below: … 1, 2, 4, 8).
    breaks : sequence of float, optional
        Explicit class limits in incidents per km² (increasing, from 0).
    ax, size, orientation, title, lang, synthetic, note, source, date, legend_loc
        As in :func:`district_map`.
    cmap : str
        A perceptual sequential colormap (default ``"magma_r"``: light = low).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> grid = wm.Grid.covering(d.boundary, 100.0, margin_m=1000.0)
    >>> dens = wm.kde(d.incidents, grid, bandwidth_m=1500.0, mask=d.boundary)
    >>> ax = wm.plot.density_map(dens, boundary=d.boundary, hamlets=d.hamlets, synthetic=True)
    """
    m = _Map({"boundary": boundary, "hamlets": hamlets, "incidents": incidents},
             {"density_raster": density_raster}, ax, size, orientation, lang)
    W, ax = m.words, m.ax
    dp = m.rasters["density_raster"]
    # frame on the surface's valid part (the density grid has a margin around the district)
    fp = dp.footprint()
    outline = m.frames["boundary"] if m.frames["boundary"] is not None else m.frames["hamlets"]
    if outline is not None and len(outline):
        m.bounds = tuple(outline.total_bounds)
    elif fp is not None:
        m.bounds = fp.bounds
    F.prepare_map_axes(ax, m.bounds)
    vals = dp.values
    if breaks is None:
        if classes < 2:
            raise ValueError(f"classes must be at least 2 (got {classes})")
        br = F.class_breaks(vals, int(classes), scheme)
    else:
        br = [float(x) for x in breaks]
        if any(b2 <= b1 for b1, b2 in zip(br, br[1:])):
            raise ValueError(f"breaks must increase (got {br})")
        vmax = np.nanmax(vals) if np.isfinite(vals).any() else br[-1]
        if br[-1] < vmax:
            br = br + [float(vmax)]
    n = len(br) - 1
    colours = [plt.get_cmap(cmap)(v) for v in np.linspace(0.04, 0.85, n)]
    lut = ListedColormap(colours)
    lut.set_bad((0, 0, 0, 0))
    lut.set_over(colours[-1])
    lut.set_under(colours[0])
    norm = BoundaryNorm(br, n)
    im = ax.imshow(np.ma.masked_invalid(vals), extent=dp.extent, origin="upper", cmap=lut,
                   norm=norm, interpolation="nearest", zorder=1)
    im.set_gid("density")
    for i in range(n):
        m.key(Patch(facecolor=colours[i], edgecolor="#666666", linewidth=0.3),
              W["density_top"].format(lo=F.fmt_break(br[i], lang)) if i == n - 1
              else f"{F.fmt_break(br[i], lang)} – {F.fmt_break(br[i + 1], lang)}")
    m.lines("hamlets", W["hamlet_boundary"], gid="hamlet_boundaries", zorder=4, color="#5a5a5a", linewidth=0.3)
    m.points("incidents", W["incidents"], gid="incidents", zorder=5, legend={"markersize": 3}, marker="o",
             markersize=1.3, markerfacecolor="#0b3d91", markeredgecolor="none", linestyle="none")
    m.lines("boundary", W["district_boundary"], gid="district_boundary", zorder=6, **_DISTRICT_EDGE)
    b = m.frames["boundary"]
    footprint = _union(b) if b is not None and len(b) else fp
    return _finish(m, legend_title=W["density_legend"],
                   title=title or W["density_title"], lang=lang, source=source, date=date,
                   note=note, synthetic=synthetic, legend_loc=legend_loc, footprint=footprint)


# ---------------------------------------------------------------------------------------------
# hotspots
# ---------------------------------------------------------------------------------------------
def hotspot_map(cells, bins=None, *, fdr: bool = True, boundary=None, hamlets=None, ax=None,
                size="A4", orientation: str = "auto", title: Optional[str] = None,
                lang: str = "en", synthetic: bool = False, note: Optional[str] = None,
                source: Optional[str] = None, date=None, legend_loc: Optional[str] = None):
    """Getis-Ord Gi* hot and cold spots in the ArcGIS bin scheme.

    ``Gi_Bin`` −3…3 map to: −3 dark blue, −2, −1 paler blues, 0 light grey (not significant),
    1, 2 oranges, 3 dark red (colours in ``watchmap.plot.HOTSPOT_COLORS``). Hot spots are hatched
    ``////`` and cold spots dotted so the sign reads in greyscale; lightness encodes confidence.
    The legend lists all seven classes; a note states whether FDR was applied.

    Parameters
    ----------
    cells : PolygonSet or GeoDataFrame
        The analysis units (hex or square cells, or hamlets).
    bins : str, array-like or pandas.Series, optional
        Gi_Bin per cell (integers −3…3, 99/95/90 % confidence): a column name, an array in cell
        order, or a Series indexed like the cells. Default: column ``Gi_Bin`` (or ``gi_bin``,
        ``bin``).
    fdr : bool
        Whether the bins were computed with the Benjamini–Hochberg FDR correction (stated on the
        map).
    boundary : PolygonSet or GeoDataFrame, optional
        District outline drawn on top.
    hamlets : PolygonSet or GeoDataFrame, optional
        Hamlet boundaries drawn as thin lines on top.
    ax, size, orientation, title, lang, synthetic, note, source, date, legend_loc
        As in :func:`district_map`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> hs = wm.hotspots(d.incidents, cells="hex", boundary=d.boundary)
    >>> ax = wm.plot.hotspot_map(hs.to_geopandas(), "bin", fdr=True, boundary=d.boundary, synthetic=True)
    """
    m = _Map({"cells": cells, "boundary": boundary, "hamlets": hamlets}, {}, ax, size, orientation, lang)
    W, ax, c = m.words, m.ax, m.frames["cells"]
    if isinstance(bins, pd.Series) and not isinstance(bins.index, pd.RangeIndex) and \
            bins.index.equals(c.index):
        bins = bins.to_numpy()
    raw = _values_for(c, bins, "bins", ["Gi_Bin", "gi_bin", "bin"], id_col="__none__")
    if np.isnan(raw).any():
        raw = np.where(np.isnan(raw), 0, raw)
    b = np.rint(raw).astype(int)
    bad = (b < -3) | (b > 3)
    if bad.any():
        raise ValueError(f"bins must be integers −3…3 (got {sorted(set(b[bad]))[:5]})")
    for k in (3, 2, 1, 0, -1, -2, -3):          # legend order: hot (strongest first), none, cold
        hatch, ink = HOTSPOT_HATCH[k], ("#ffffff" if abs(k) == 3 else "#4d4d4d")
        sel = b == k
        if sel.any():
            F.polygon_collection(ax, c.geometry[sel], gid=f"hotspot_bin_{k}", facecolor=HOTSPOT_COLORS[k],
                                 edgecolor="white", linewidth=0.25, zorder=2)
            if hatch:                          # the hatch is drawn in the edge colour
                F.polygon_collection(ax, c.geometry[sel], gid=f"hotspot_hatch_{k}", facecolor="none",
                                     edgecolor=ink, linewidth=0.0, hatch=hatch, zorder=3)
        conf = {1: 90, 2: 95, 3: 99}.get(abs(k))
        label = W["hot"].format(c=conf) if k > 0 else W["cold"].format(c=conf) if k < 0 else W["not_significant"]
        m.key(Patch(facecolor=HOTSPOT_COLORS[k], edgecolor=ink, linewidth=0.0, hatch=hatch) if hatch
              else Patch(facecolor=HOTSPOT_COLORS[k], edgecolor="#999999", linewidth=0.3), label)
    m.lines("hamlets", W["hamlet_boundary"], gid="hamlet_boundaries", zorder=4, color="#6d6d6d", linewidth=0.3)
    m.lines("boundary", W["district_boundary"], gid="district_boundary", zorder=6, **_DISTRICT_EDGE)
    bd = m.frames["boundary"]
    fdr_text = W["fdr_yes"] if fdr else W["fdr_no"]
    ax_ = _finish(m, legend_title=W["hotspot_legend"],
                  title=title or W["hotspot_title"], lang=lang, source=source, date=date,
                  note=note, synthetic=synthetic, legend_loc=legend_loc,
                  footprint=_union(bd) if bd is not None and len(bd) else _union(c),
                  extra_notes=[fdr_text])
    ax_.watchmap_fdr_note = fdr_text
    return ax_


# ---------------------------------------------------------------------------------------------
# placement
# ---------------------------------------------------------------------------------------------
def placement_map(hamlets, existing, proposed, *, newly_covered=None, covered=None,
                  radius_m: Optional[float] = None, rank_column: Optional[str] = None,
                  gain_column: Optional[str] = None, ax=None, size="A4",
                  orientation: str = "auto", title: Optional[str] = None, lang: str = "en",
                  synthetic: bool = False, note: Optional[str] = None,
                  source: Optional[str] = None, date=None, legend_loc: Optional[str] = None):
    """Existing teams, proposed new team sites (numbered) and the area they newly cover.

    Parameters
    ----------
    hamlets : PolygonSet or GeoDataFrame
        Hamlet polygons (background; commune lines from the ``commune`` column).
    existing : PointSet or GeoDataFrame
        Existing team bases (small grey triangles).
    proposed : PointSet or GeoDataFrame
        Proposed sites in order of choice (large black stars, numbered 1, 2, …). Optional columns:
        ``rank`` (or ``rank_column``) for the number, ``gain`` (or ``gain_column``) shown next to
        it (e.g. residents newly covered).
    newly_covered : PolygonSet or GeoDataFrame, optional
        Area covered only thanks to the proposed sites (filled and dotted).
    covered : PolygonSet or GeoDataFrame, optional
        Area already covered by existing teams (light grey).
    radius_m : float, optional
        Draw a dashed circle of this radius around each proposed site.
    rank_column, gain_column : str, optional
        Column names for the number and the gain label.
    ax, size, orientation, title, lang, synthetic, note, source, date, legend_loc
        As in :func:`district_map`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> spots = d.hamlets.to_geopandas().representative_point()
    >>> sites = wm.PointSet(spots.x.to_numpy(), spots.y.to_numpy(), crs=d.crs)
    >>> res = wm.place_teams(d.households, sites, k=2, radius_m=2000, existing=d.teams, weight="residents")
    >>> ax = wm.plot.placement_map(d.hamlets, d.teams, res.to_geopandas(), radius_m=2000, synthetic=True)
    """
    m = _Map({"hamlets": hamlets, "existing": existing, "proposed": proposed, "newly_covered": newly_covered,
              "covered": covered}, {}, ax, size, orientation, lang)
    W, ax, h = m.words, m.ax, m.frames["hamlets"]
    fs = F.font_scale(ax.figure)
    F.polygon_collection(ax, h.geometry, gid="hamlets", facecolor="#fbfaf7", zorder=1,
                         **_HAMLET_EDGE)
    m.key(Patch(facecolor="#fbfaf7", **_HAMLET_EDGE), W["hamlet"])
    m.polygons("covered", W["covered_now"], gid="covered", zorder=2, facecolor="#d9d9d9", edgecolor="none")
    m.polygons("newly_covered", W["newly_covered"], gid="newly_covered", zorder=3, facecolor="#fdae6b",
               edgecolor="#a63603", linewidth=0.6, hatch="....")
    _draw_boundary_lines(m, _communes_from(h, None), None, _union(h))
    m.points("existing", W["teams_existing"], gid="existing_teams", zorder=7, legend={"markersize": 4.2},
             **{**_TEAM_STYLE, "markerfacecolor": "#8c8c8c", "markersize": 3.6})
    pr = m.frames["proposed"]
    if pr is not None and len(pr):
        rcol = rank_column or ("rank" if "rank" in pr.columns else None)
        gcol = gain_column or ("gain" if "gain" in pr.columns else None)
        m.points("proposed", W["proposed_gain"] if gcol is not None else W["teams_proposed"], gid="proposed_sites",
                 zorder=9, legend={"markersize": 11}, marker="*", markersize=13 * fs, markerfacecolor="black",
                 markeredgecolor="white", markeredgewidth=0.8, linestyle="none")
        ranks = pr[rcol].tolist() if rcol else list(range(1, len(pr) + 1))
        for i, (g, r) in enumerate(zip(pr.geometry, ranks)):
            text = f"{r}"
            if gcol is not None:
                text += f"  (+{F.fmt_number(float(pr[gcol].iloc[i]), lang)})"
            ax.annotate(text, (g.x, g.y), xytext=(7 * fs, 5 * fs), textcoords="offset points",
                        fontsize=10 * fs, fontweight="bold", family=FONT_FAMILY, zorder=10,
                        path_effects=F.halo(2.5 * fs), gid="proposed_label")
            if radius_m:
                circ = plt.Circle((g.x, g.y), float(radius_m), fill=False, edgecolor="black",
                                  linewidth=0.9, linestyle=(0, (4, 2)), zorder=8)
                circ.set_gid("proposed_radius")
                ax.add_patch(circ)
        if radius_m:
            r_txt = (f"{F.fmt_number(radius_m / 1000.0, lang, 1 if radius_m % 1000 else 0)} km"
                     if radius_m >= 1000 else f"{radius_m:g} m")
            m.key(Line2D([], [], color="black", linewidth=0.9, linestyle=(0, (4, 2))), W["radius"].format(r=r_txt))
    return _finish(m, legend_title=W["legend"], title=title or W["placement_title"],
                   lang=lang, source=source, date=date, note=note, synthetic=synthetic,
                   legend_loc=legend_loc, footprint=_union(h))


# ---------------------------------------------------------------------------------------------
# trend chart
# ---------------------------------------------------------------------------------------------
_SERIES_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
                   "#999999", "#000000"]
_SERIES_HATCHES = [None, "////", "....", "xxx", "\\\\\\\\", "ooo", "---", "+++", "|||"]


def trend_chart(incidents, *, by: str = "category", time_column: Optional[str] = None,
                source_column: str = "source", tip_value: str = "tip", freq: str = "M", ax=None,
                size="A4", orientation: str = "landscape", title: Optional[str] = None,
                lang: str = "en", synthetic: bool = False, note: Optional[str] = None,
                source: Optional[str] = None, date=None):
    """Incidents per month, stacked by category (or source), with the tips among them.

    Bars are stacked by ``by`` with colour and hatching per group (greyscale-safe); a black line
    with markers gives the number of tips (``source == "tip"``) per month, so tips and formal
    reports can be told apart. With ``by="source"`` the bars themselves split tips, reports and
    patrol finds.

    Parameters
    ----------
    incidents : PointSet, GeoDataFrame or DataFrame
        Incidents with a time column (``time_column``; default ``time`` or ``date``), the ``by``
        column (default ``category``) and optionally ``source`` (values ``tip``, ``report``,
        ``patrol``).
    by : str
        Column to stack by, e.g. ``"category"`` or ``"source"``.
    time_column : str, optional
        Date/time column; default ``time`` then ``date``.
    source_column, tip_value : str
        Column and value that mark tips (for the "of which tips" line).
    freq : str
        pandas period frequency ("M" months, "Q" quarters).
    ax, size, orientation, title, lang, synthetic, note, source, date
        As in :func:`district_map` (no scale bar or north arrow: this is a chart).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> ax = wm.plot.trend_chart(d.incidents, by="category", lang="vi", synthetic=True)
    """
    import matplotlib.dates as mdates
    from matplotlib.font_manager import FontProperties

    W = F.words(lang)
    if hasattr(incidents, "to_geopandas"):
        df = pd.DataFrame(incidents.to_geopandas().drop(columns="geometry"))
    elif isinstance(incidents, pd.DataFrame):
        df = pd.DataFrame(incidents)
    else:
        raise TypeError(f"incidents: expected a PointSet or DataFrame, got {type(incidents).__name__}")
    tcol = time_column or next((c for c in ("time", "date") if c in df.columns), None)
    if tcol is None or tcol not in df.columns:
        raise ValueError(f"incidents: no time column (tried {time_column or 'time, date'}; "
                         f"columns: {list(df.columns)})")
    if by not in df.columns:
        raise ValueError(f"incidents: column {by!r} not found (columns: {list(df.columns)})")
    t = pd.to_datetime(df[tcol], errors="coerce")
    df = df.assign(_period=t.dt.to_period(freq)).dropna(subset=["_period"])
    table = df.groupby(["_period", by]).size().unstack(fill_value=0)
    periods = pd.period_range(table.index.min(), table.index.max(), freq=freq)
    table = table.reindex(periods, fill_value=0)
    table = table[table.sum().sort_values(ascending=False).index]
    if ax is None:
        fig, ax = F.new_chart_figure(size, orientation)
        side = "right"
    else:
        side = "right"
    fs = F.font_scale(ax.figure)
    x = periods.to_timestamp(how="start") + pd.Timedelta(days=14 if freq.startswith("M") else 45)
    width = 24 if freq.startswith("M") else 75
    bottom = np.zeros(len(table))
    handles, labs = [], []
    names = W["categories"] if by == "category" else (W["sources"] if by == source_column else {})
    for i, col in enumerate(table.columns):
        colour = _SERIES_COLOURS[i % len(_SERIES_COLOURS)]
        hatch = _SERIES_HATCHES[i % len(_SERIES_HATCHES)]
        bars = ax.bar(x, table[col].to_numpy(), width=width, bottom=bottom, color=colour,
                      edgecolor="#333333", linewidth=0.3, hatch=hatch, zorder=2)
        for patch in bars.patches:
            patch.set_gid(f"series_{col}")
        bottom += table[col].to_numpy()
        handles.append(Patch(facecolor=colour, edgecolor="#333333", linewidth=0.3, hatch=hatch))
        labs.append(str(names.get(col, col)))
    if by != source_column and source_column in df.columns:
        tips = df[df[source_column] == tip_value].groupby("_period").size().reindex(periods, fill_value=0)
        (line,) = ax.plot(x, tips.to_numpy(), color="black", linewidth=1.2, marker="o",
                          markersize=3, zorder=3)
        line.set_gid("tips")
        handles.append(Line2D([], [], color="black", linewidth=1.2, marker="o", markersize=3))
        labs.append(W["of_which_tips"])
    ax.set_ylabel(W["trend_y"], family=FONT_FAMILY, fontsize=9 * fs)
    ax.set_xlabel(W["trend_x"], family=FONT_FAMILY, fontsize=9 * fs)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())
    for lab in ax.get_xticklabels() + ax.get_yticklabels():
        lab.set_fontfamily(FONT_FAMILY)
        lab.set_fontsize(7.5 * fs)
    ax.tick_params(axis="x", labelrotation=45)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.margins(x=0.01)
    legend_title = W["by_category"] if by == "category" else (W["by_source"] if by == source_column else by)
    note_text = note if note else (W["synthetic"] if synthetic else None)
    top = float(bottom.max()) if len(bottom) else 1.0
    ax.set_ylim(0, top * (1.16 if note_text else 1.05))
    leg = F.add_legend(ax, handles, labs, title=legend_title, side=side)
    leg.set_gid("legend")
    F.set_title(ax, title or W["trend_title"])
    src = ax.text(0.0, -0.2, F.source_note_text(lang, source, date, synthetic), transform=ax.transAxes,
                  ha="left", va="top", fontsize=7 * fs, family=FONT_FAMILY, color="#333333",
                  gid="source_note")
    if note_text:
        ax.text(0.01, 0.985, note_text, transform=ax.transAxes, ha="left", va="top",
                fontsize=8 * fs, family=FONT_FAMILY, fontstyle="italic", fontweight="bold",
                color="#7a0000", gid="note", zorder=10,
                bbox=dict(facecolor="white", alpha=0.9, edgecolor="#7a0000", linewidth=0.8,
                          boxstyle="round,pad=0.3"))
    _ = src, FontProperties
    return ax
