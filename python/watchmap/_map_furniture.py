"""Map furniture shared by :mod:`watchmap.plot`: pages, fonts, words, scale bar, north arrow,
legend, notes, hillshade and the layer adapters.

Private: the public entry points are the map functions in :mod:`watchmap.plot`. Everything here
works on duck-typed layers (anything with ``to_geopandas()``, or a GeoDataFrame) and rasters
(anything with ``.values`` and ``.grid`` with ``xmin/ymin/xmax/ymax``; ``.nodata`` and ``.crs``
optional), so it does not depend on the compiled classes.
"""
from __future__ import annotations

import datetime as _dt
import math
import sys
import textwrap
from typing import Iterable, Optional, Sequence

import numpy as np

import matplotlib.pyplot as plt
from matplotlib import patheffects
from matplotlib.offsetbox import (AnchoredOffsetbox, AuxTransformBox, DrawingArea, TextArea,
                                  VPacker)
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch

from ._lang import word_table

#: Font with complete Vietnamese coverage (precomposed letters with diacritics), bundled with
#: matplotlib, so maps render the same on every machine.
FONT_FAMILY = "DejaVu Sans"

#: Paper sizes in millimetres (portrait: width, height).
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

#: Gi* bins (ArcGIS "Gi_Bin") -> fill colour: the ArcGIS hot/cold scheme with a light grey
#: "not significant" class. Hot spots are also hatched ``"////"`` and cold spots ``"...."`` so the
#: sign survives greyscale printing; darker means more confident.
HOTSPOT_COLORS = {
    -3: "#4575b5", -2: "#849eba", -1: "#c0ccbe", 0: "#eeeeee",
    1: "#fab984", 2: "#ed7551", 3: "#d62f27",
}
HOTSPOT_HATCH = {-3: "....", -2: "....", -1: "....", 0: None, 1: "////", 2: "////", 3: "////"}

_MM_PER_INCH = 25.4

# --------------------------------------------------------------------------------------------
# words
# --------------------------------------------------------------------------------------------
TEXT = {
    "en": {
        "team": "Security team base",
        "teams_existing": "Existing security team",
        "teams_proposed": "Proposed team site",
        "hamlet": "Hamlet (thôn/bản)",
        "hamlet_boundary": "Hamlet boundary",
        "commune_boundary": "Commune boundary",
        "district_boundary": "District boundary",
        "district_title": "Hamlets, communes and security teams",
        "coverage_title": "Residents covered by a security team",
        "coverage_legend": "Share of residents covered",
        "below_threshold": "Hamlets below {pct} (hatched)",
        "gaps": "Coverage gap (not covered)",
        "gaps_occupied": "Coverage gap with residents or incidents",
        "uncovered": "Household not covered",
        "road": "Road or trail",
        "travel_title": "Walking time from the nearest security team",
        "travel_legend": "Walking time (minutes)",
        "travel_over": "More than {m} min",
        "isochrone": "{m}-minute isochrone",
        "density_title": "Incident density",
        "density_legend": "Incidents per km²",
        "density_top": "{lo} and more",
        "incidents": "Incident",
        "hotspot_title": "Hot and cold spots (Getis-Ord Gi*)",
        "hotspot_legend": "Gi* confidence",
        "hot": "Hot spot – {c}% confidence",
        "cold": "Cold spot – {c}% confidence",
        "not_significant": "Not significant",
        "fdr_yes": "Corrected for multiple testing (Benjamini–Hochberg FDR).",
        "fdr_no": "Not corrected for multiple testing (no FDR).",
        "placement_title": "Proposed sites for new security teams",
        "newly_covered": "Newly covered area",
        "covered_now": "Covered by existing teams",
        "radius": "{r} reach of proposed site",
        "trend_title": "Incidents per month",
        "trend_y": "Incidents per month",
        "trend_x": "Month",
        "of_which_tips": "of which tips",
        "legend": "Legend",
        "by_category": "Category",
        "by_source": "Source of information",
        "proposed_gain": "Proposed team site (order, + residents newly covered)",
        "source": "Source: {src} · Map: watchmap {ver}, {date}",
        "source_default": "district data files",
        "source_synthetic": "synthetic demo data (watchmap.datasets.demo_district)",
        "crs": "Coordinate system: {name} ({code}), metres; north is grid north",
        "crs_none": "Coordinate system: local metric frame (no CRS given), metres",
        "synthetic": "Synthetic demo district modelled on Bạch Thông – not real data",
        "north": "N",
        "km": "km",
        "m": "m",
        "min": "min",
        "categories": {},
        "sources": {"tip": "tips", "report": "reports", "patrol": "patrol"},
    },
    "vi": {
        "team": "Tổ an ninh nhân dân",
        "teams_existing": "Tổ an ninh hiện có",
        "teams_proposed": "Vị trí đề xuất tổ mới",
        "hamlet": "Thôn/bản",
        "hamlet_boundary": "Ranh giới thôn/bản",
        "commune_boundary": "Ranh giới xã",
        "district_boundary": "Ranh giới huyện",
        "district_title": "Thôn/bản, xã và tổ an ninh nhân dân",
        "coverage_title": "Dân cư trong phạm vi tổ an ninh nhân dân",
        "coverage_legend": "Tỷ lệ dân được bao phủ",
        "below_threshold": "Thôn/bản dưới {pct} (gạch chéo)",
        "gaps": "Vùng chưa được bao phủ",
        "gaps_occupied": "Vùng chưa bao phủ có dân hoặc vụ việc",
        "uncovered": "Hộ chưa được bao phủ",
        "road": "Đường, lối mòn",
        "travel_title": "Thời gian đi bộ từ tổ an ninh gần nhất",
        "travel_legend": "Thời gian đi bộ (phút)",
        "travel_over": "Trên {m} phút",
        "isochrone": "Đường đẳng thời {m} phút",
        "density_title": "Mật độ vụ việc",
        "density_legend": "Số vụ việc trên km²",
        "density_top": "Từ {lo} trở lên",
        "incidents": "Vụ việc",
        "hotspot_title": "Điểm nóng và điểm lạnh (Getis-Ord Gi*)",
        "hotspot_legend": "Độ tin cậy Gi*",
        "hot": "Điểm nóng – độ tin cậy {c}%",
        "cold": "Điểm lạnh – độ tin cậy {c}%",
        "not_significant": "Không có ý nghĩa thống kê",
        "fdr_yes": "Đã hiệu chỉnh kiểm định bội (FDR Benjamini–Hochberg).",
        "fdr_no": "Chưa hiệu chỉnh kiểm định bội (không dùng FDR).",
        "placement_title": "Vị trí đề xuất thành lập tổ an ninh mới",
        "newly_covered": "Vùng được bao phủ thêm",
        "covered_now": "Đã được tổ hiện có bao phủ",
        "radius": "Phạm vi {r} quanh vị trí đề xuất",
        "trend_title": "Số vụ việc theo tháng",
        "trend_y": "Số vụ việc mỗi tháng",
        "trend_x": "Tháng",
        "of_which_tips": "trong đó tin báo",
        "legend": "Chú giải",
        "by_category": "Loại vụ việc",
        "by_source": "Nguồn tin",
        "proposed_gain": "Vị trí đề xuất (thứ tự, + số dân được bao phủ thêm)",
        "source": "Nguồn: {src} · Bản đồ: watchmap {ver}, {date}",
        "source_default": "dữ liệu của huyện",
        "source_synthetic": "dữ liệu mô phỏng (watchmap.datasets.demo_district)",
        "crs": "Hệ tọa độ: {name} ({code}), mét; hướng bắc là bắc lưới",
        "crs_none": "Hệ tọa độ: hệ mét cục bộ (không có CRS), mét",
        "synthetic": "Huyện mẫu mô phỏng theo Bạch Thông – không phải dữ liệu thật",
        "north": "B",
        "km": "km",
        "m": "m",
        "min": "phút",
        "categories": {
            "theft": "trộm cắp", "traffic": "giao thông", "drugs": "ma túy",
            "dispute": "tranh chấp", "gambling": "cờ bạc", "domestic violence": "bạo lực gia đình",
            "illegal logging": "khai thác gỗ trái phép", "other": "khác",
        },
        "sources": {"tip": "tin báo", "report": "trình báo", "patrol": "tuần tra"},
    },
}


def words(lang: str) -> dict:
    """The word table for ``lang`` ("en" or "vi")."""
    return word_table(TEXT, lang)


def fmt_number(value: float, lang: str, digits: int = 0) -> str:
    """A number with the thousands/decimal separators of the language (vi: 1.234,5)."""
    s = f"{value:,.{digits}f}"
    if lang == "vi":
        s = s.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return s


def fmt_percent(share: float, lang: str) -> str:
    pct = share * 100.0
    digits = 0 if abs(pct - round(pct)) < 1e-9 else 1
    return fmt_number(pct, lang, digits) + "%"


# --------------------------------------------------------------------------------------------
# layers and rasters (duck-typed)
# --------------------------------------------------------------------------------------------
def as_frame(layer, name: str):
    """A GeoDataFrame from a watchmap layer (``to_geopandas()``), a GeoDataFrame or GeoSeries."""
    import geopandas as gpd

    if layer is None:
        return None
    if isinstance(layer, gpd.GeoDataFrame):
        return layer
    if isinstance(layer, gpd.GeoSeries):
        return gpd.GeoDataFrame(geometry=layer)
    to_gpd = getattr(layer, "to_geopandas", None)
    if callable(to_gpd):
        return to_gpd()
    raise TypeError(f"{name}: expected a watchmap layer (with to_geopandas()) or a GeoDataFrame, "
                    f"got {type(layer).__name__}")


def to_pyproj(crs):
    """A pyproj CRS from a pyproj CRS, watchmap Crs, EPSG string/int; None when empty/unknown."""
    if crs is None:
        return None
    import pyproj

    if isinstance(crs, pyproj.CRS):
        return crs
    if getattr(crs, "is_empty", False):
        return None
    text = str(crs)
    if not text or text.lower() in ("none", ""):
        return None
    try:
        return pyproj.CRS.from_user_input(text)
    except Exception:  # noqa: BLE001 - an unreadable CRS is reported as "no CRS" in the note
        return None


def align(frame, crs, name: str):
    """``frame`` in ``crs`` (reprojected when both are known; mixing known and unknown refuses)."""
    if frame is None:
        return None
    if crs is None and frame.crs is None:
        return frame
    if crs is None or frame.crs is None:
        raise ValueError(f"{name}: cannot mix a layer with a CRS and one without "
                         f"({frame.crs} vs {crs}); give both layers a CRS")
    if frame.crs != crs:
        return frame.to_crs(crs)
    return frame


def metric_crs(frame):
    """(frame, crs): a frame in a geographic CRS is projected to its UTM zone for mapping."""
    if frame.crs is not None and frame.crs.is_geographic:
        utm = frame.estimate_utm_crs()
        frame = frame.to_crs(utm)
    return frame, frame.crs


class RasterParts:
    """Values (float, NaN = nodata, row 0 = north), extent and CRS of a raster-like object."""

    def __init__(self, raster, name: str):
        values = getattr(raster, "values", None)
        grid = getattr(raster, "grid", None)
        if values is None or grid is None:
            raise TypeError(f"{name}: expected a raster with .values and .grid "
                            f"(a watchmap.Raster), got {type(raster).__name__}")
        v = np.array(values, dtype=float, copy=True)
        if v.ndim != 2:
            raise ValueError(f"{name}: raster values must be 2-D (got shape {v.shape})")
        nodata = getattr(raster, "nodata", None)
        if nodata is not None and np.isfinite(nodata):
            v[v == nodata] = np.nan
        v[~np.isfinite(v)] = np.nan
        self.values = v
        self.xmin, self.ymin = float(grid.xmin), float(grid.ymin)
        self.xmax, self.ymax = float(grid.xmax), float(grid.ymax)
        nrows, ncols = v.shape
        self.cell_w = float(getattr(grid, "cell_width", (self.xmax - self.xmin) / ncols))
        self.cell_h = float(getattr(grid, "cell_height", (self.ymax - self.ymin) / nrows))
        self.crs = to_pyproj(getattr(raster, "crs", None) or getattr(grid, "crs", None))
        if self.crs is not None and self.crs.is_geographic:
            raise ValueError(f"{name}: the raster is in a geographic CRS ({self.crs.name}); "
                             "maps need metres — use a projected raster (e.g. UTM)")

    @property
    def extent(self):
        """(left, right, bottom, top) for ``imshow``."""
        return (self.xmin, self.xmax, self.ymin, self.ymax)

    @property
    def bounds(self):
        return (self.xmin, self.ymin, self.xmax, self.ymax)

    def centres(self):
        nrows, ncols = self.values.shape
        x = self.xmin + (np.arange(ncols) + 0.5) * self.cell_w
        y = self.ymax - (np.arange(nrows) + 0.5) * self.cell_h
        return x, y

    def footprint(self):
        """Bounding box of the valid cells as a shapely box (for placing furniture)."""
        from shapely.geometry import box

        ok = np.isfinite(self.values)
        if not ok.any():
            return None
        rows = np.flatnonzero(ok.any(axis=1))
        cols = np.flatnonzero(ok.any(axis=0))
        return box(self.xmin + cols[0] * self.cell_w, self.ymax - (rows[-1] + 1) * self.cell_h,
                   self.xmin + (cols[-1] + 1) * self.cell_w, self.ymax - rows[0] * self.cell_h)


def nice_round(v: float) -> float:
    """Rounded to two significant digits (class limits people can read)."""
    if v <= 0 or not np.isfinite(v):
        return 0.0
    digits = 1 - int(np.floor(np.log10(v)))
    return float(np.round(v, max(digits, 0)))


def class_breaks(values: np.ndarray, classes: int, scheme: str):
    """Class limits from 0 to the peak: "quantile" of the non-zero values, "equal" widths, or
    "doubling" (powers of two). Shared by density_map and the web map so both show one legend."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return [0.0, 1.0]
    vmax = float(v.max())
    if scheme == "equal":
        inner = list(np.linspace(0.0, vmax, classes + 1)[1:-1])
    elif scheme == "quantile":
        pos = v[v > 0]
        base = pos if pos.size else v
        inner = list(np.quantile(base, np.linspace(0, 1, classes + 1)[1:-1]))
    elif scheme == "doubling":                 # powers of two below the peak: … 1, 2, 4, 8
        top = np.floor(np.log2(vmax)) if vmax > 0 else 0.0
        inner = [2.0 ** (top - j) for j in range(classes - 2, -1, -1)]
    else:
        raise ValueError(f"scheme must be 'quantile', 'equal' or 'doubling' (got {scheme!r})")
    inner = sorted({nice_round(x) for x in inner if x > 0})
    return [0.0] + inner + [max(vmax, inner[-1] * 1.0001 if inner else 1.0)]


def fmt_break(v: float, lang: str) -> str:
    """A class limit with two significant digits below 10."""
    if v == 0:
        return "0"
    digits = max(0, 1 - int(np.floor(np.log10(abs(v))))) if v < 10 else 0
    return fmt_number(v, lang, digits)


def hillshade(elevation: np.ndarray, cell_w: float, cell_h: float, *, azimuth: float = 315.0,
              altitude: float = 45.0, z_factor: float = 1.0) -> np.ndarray:
    """Hillshade (0 = shadow … 1 = lit) of a DEM with row 0 = north (central differences, numpy.gradient).

    Same formula as GDAL/ArcGIS: ``cos(zenith)·cos(slope) + sin(zenith)·sin(slope)·cos(az − aspect)``
    with the sun at ``azimuth`` degrees clockwise from north and ``altitude`` degrees above the
    horizon. NaN cells stay NaN.
    """
    z = np.asarray(elevation, dtype=float) * z_factor
    filled = np.where(np.isfinite(z), z, np.nanmean(z) if np.isfinite(z).any() else 0.0)
    dz_drow, dz_dcol = np.gradient(filled, cell_h, cell_w)
    dzdx = dz_dcol            # east positive
    dzdy = -dz_drow           # rows go south, so north is -row
    slope = np.arctan(np.hypot(dzdx, dzdy))
    aspect = np.arctan2(-dzdx, -dzdy)   # direction the slope faces, clockwise from north
    zenith = np.radians(90.0 - altitude)
    az = np.radians(azimuth)
    shade = np.cos(zenith) * np.cos(slope) + np.sin(zenith) * np.sin(slope) * np.cos(az - aspect)
    shade = np.clip(shade, 0.0, 1.0)
    shade[~np.isfinite(z)] = np.nan
    return shade


# --------------------------------------------------------------------------------------------
# geometry -> matplotlib
# --------------------------------------------------------------------------------------------
def _ring_path(coords) -> MplPath:
    xy = np.asarray(coords, dtype=float)[:, :2]
    codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
    codes[0] = MplPath.MOVETO
    codes[-1] = MplPath.CLOSEPOLY
    return MplPath(xy, codes)


def geometry_path(geom) -> Optional[MplPath]:
    """One compound path (holes included) for a Polygon/MultiPolygon; None when empty."""
    if geom is None or geom.is_empty:
        return None
    parts = getattr(geom, "geoms", [geom])
    rings = []
    for part in parts:
        if part.geom_type != "Polygon":
            continue
        rings.append(_ring_path(part.exterior.coords))
        rings.extend(_ring_path(r.coords) for r in part.interiors)
    if not rings:
        return None
    return MplPath.make_compound_path(*rings)


def polygon_collection(ax, geoms: Iterable, *, gid: str, zorder: float = 1.0, **style):
    """Adds polygons as one PatchCollection (style as in PatchCollection; facecolor may be a list)."""
    patches, keep = [], []
    for i, g in enumerate(geoms):
        p = geometry_path(g)
        if p is not None:
            patches.append(PathPatch(p))
            keep.append(i)
    fc = style.pop("facecolor", None)
    if fc is not None and not isinstance(fc, str) and len(np.shape(fc)) > 1:
        fc = [fc[i] for i in keep]
    elif isinstance(fc, (list, tuple)) and fc and not isinstance(fc[0], (int, float)):
        fc = [fc[i] for i in keep]
    coll = PatchCollection(patches, match_original=False, zorder=zorder, **style)
    if fc is not None:
        coll.set_facecolor(fc)
    coll.set_gid(gid)
    ax.add_collection(coll, autolim=False)
    return coll


def line_geoms(geoms):
    """Boundaries/lines of any geometries as a list of (n, 2) arrays."""
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        if g.geom_type in ("Polygon", "MultiPolygon"):
            g = g.boundary
        for part in getattr(g, "geoms", [g]):
            if part.geom_type in ("LineString", "LinearRing"):
                out.append(np.asarray(part.coords)[:, :2])
    return out


# --------------------------------------------------------------------------------------------
# pages, axes, fonts
# --------------------------------------------------------------------------------------------
def font_scale(fig) -> float:
    """Font/furniture scale: 1 on an A4 page, larger on A3, smaller on notebook-sized figures.

    A figure attribute ``watchmap_font_scale`` overrides it (the report draws charts on a strip
    of A4 width with A4 fonts).
    """
    override = getattr(fig, "watchmap_font_scale", None)
    if override is not None:
        return float(override)
    w, h = fig.get_size_inches()
    return float(np.clip(min(w, h) / (210.0 / _MM_PER_INCH), 0.6, 1.6))


def page_inches(size: str, orientation: str, aspect: float):
    """(width, height) in inches for a page size and orientation ("auto": from the data aspect)."""
    if isinstance(size, str):
        key = size.upper()
        if key not in PAGE_SIZES_MM:
            raise ValueError(f"size must be one of {sorted(PAGE_SIZES_MM)} or (width_in, height_in) "
                             f"(got {size!r})")
        w, h = (v / _MM_PER_INCH for v in PAGE_SIZES_MM[key])
    else:
        w, h = size
        return float(w), float(h), ("landscape" if w >= h else "portrait")
    if orientation == "auto":
        orientation = "landscape" if aspect >= 1.0 else "portrait"
    if orientation not in ("landscape", "portrait"):
        raise ValueError(f"orientation must be 'portrait', 'landscape' or 'auto' (got {orientation!r})")
    if orientation == "landscape":
        w, h = h, w
    return w, h, orientation


def new_map_figure(bounds, size="A4", orientation="auto", pad=0.04):
    """A page-sized figure with one map axes fitted to the data aspect.

    Landscape pages keep a panel on the right for the legend, portrait pages a band below.
    Returns (fig, ax, legend_side).
    """
    xmin, ymin, xmax, ymax = bounds
    dx, dy = (xmax - xmin) * (1 + 2 * pad), (ymax - ymin) * (1 + 2 * pad)
    aspect = dx / dy if dy > 0 else 1.0
    W, H, orient = page_inches(size, orientation, aspect)
    s = min(W, H) / (210.0 / _MM_PER_INCH)
    margin, top, bottom = 0.45 * s, 0.95 * s, 0.75 * s      # inches: sides, title, notes
    if orient == "landscape":
        panel = 2.9 * s
        avail_w, avail_h = W - 2 * margin - panel, H - top - bottom
        side = "right"
    else:
        panel = 3.0 * s
        avail_w, avail_h = W - 2 * margin, H - top - bottom - panel
        side = "below"
    mw = min(avail_w, avail_h * aspect)
    mh = mw / aspect
    left = margin + (avail_w - mw) / 2 if side == "below" else margin
    if side == "right":   # centre the map vertically between title and notes
        bottom_in = H - top - mh - (avail_h - mh) / 2
    else:                 # centre the block title + map + notes + legend on the page
        block = top + mh + bottom + panel
        bottom_in = H - max(top, (H - block) / 2 + top) - mh
    fig = plt.figure(figsize=(W, H))
    ax = fig.add_axes([left / W, bottom_in / H, mw / W, mh / H])
    return fig, ax, side


def new_chart_figure(size="A4", orientation="landscape"):
    W, H, _ = page_inches(size, "landscape" if orientation == "auto" else orientation, 1.0)
    fig = plt.figure(figsize=(W, H))
    ax = fig.add_axes([0.08, 0.2, 0.68, 0.68])
    return fig, ax


def prepare_map_axes(ax, bounds, pad=0.04):
    """Equal aspect, padded limits, no ticks, a thin neat line."""
    xmin, ymin, xmax, ymax = bounds
    px, py = (xmax - xmin) * pad, (ymax - ymin) * pad
    p = max(px, py)
    ax.set_xlim(xmin - p, xmax + p)
    ax.set_ylim(ymin - p, ymax + p)
    ax.set_aspect("equal", adjustable="datalim" if not getattr(ax, "_watchmap_page", False) else "box")
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_linewidth(0.6)
        sp.set_color("#444444")
    ax.set_facecolor("white")


def halo(width: float = 2.0):
    return [patheffects.withStroke(linewidth=width, foreground="white")]


# --------------------------------------------------------------------------------------------
# furniture
# --------------------------------------------------------------------------------------------
_CORNERS = {"upper right": 1, "upper left": 2, "lower left": 3, "lower right": 4}


def corner_order(ax, footprint, candidates: Sequence[str], size_frac=(0.3, 0.12)):
    """Candidate corners ordered by how little of ``footprint`` (shapely) they cover."""
    if footprint is None:
        return list(candidates)
    from shapely.geometry import box

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    w, h = (x1 - x0) * size_frac[0], (y1 - y0) * size_frac[1]
    boxes = {
        "upper right": box(x1 - w, y1 - h, x1, y1), "upper left": box(x0, y1 - h, x0 + w, y1),
        "lower left": box(x0, y0, x0 + w, y0 + h), "lower right": box(x1 - w, y0, x1, y0 + h),
    }
    scores = {c: footprint.intersection(boxes[c]).area for c in candidates}
    return sorted(candidates, key=lambda c: (round(scores[c] / (w * h), 3), candidates.index(c)))


def nice_length(max_m: float) -> float:
    """Largest 1, 2 or 5 × 10^k metres not above ``max_m``."""
    if not (max_m > 0 and np.isfinite(max_m)):
        return 1.0
    k = math.floor(math.log10(max_m))
    for m in (5, 2, 1):
        if m * 10 ** k <= max_m:
            return float(m * 10 ** k)
    return float(10 ** k)


def _fmt_len(metres: float, unit_m: float, lang: str) -> str:
    v = metres / unit_m
    s = f"{v:g}"
    return s.replace(".", ",") if lang == "vi" else s


def add_scalebar(ax, *, loc: str = "lower left", lang: str = "en", fraction: float = 0.22):
    """A black-and-white alternating scale bar in km (m below 1 km) of a nice round length.

    The bar is drawn in data units, so its length on the page is exact at any size; the artist
    has ``gid="scalebar"`` and ``length_m`` (the bar's ground length in metres).
    """
    W = words(lang)
    fs = font_scale(ax.figure)
    x0, x1 = ax.get_xlim()
    length = nice_length((x1 - x0) * fraction)
    unit_m, unit = (1000.0, W["km"]) if length >= 1000 else (1.0, W["m"])
    lead = int(round(length / 10 ** math.floor(math.log10(length))))
    nseg = 5 if lead == 5 else 4
    seg = length / nseg
    # bar height and text offsets in data units, from points
    ax.apply_aspect()
    bbox = ax.get_window_extent()
    m_per_pt = (x1 - x0) / (bbox.width * 72.0 / ax.figure.dpi) if bbox.width > 0 else 1.0
    h = 4.0 * fs * m_per_pt
    box = AuxTransformBox(ax.transData)
    for i in range(nseg):
        box.add_artist(Rectangle((i * seg, 0), seg, h, facecolor="black" if i % 2 == 0 else "white",
                                 edgecolor="black", linewidth=0.6))
    ticks = [i * seg for i in range(nseg + 1)] if nseg == 5 else [0.0, length / 2, length]
    for t in ticks:
        box.add_artist(plt.Text(t, h + 2.0 * fs * m_per_pt, _fmt_len(t, unit_m, lang), ha="center",
                                va="bottom", fontsize=7.5 * fs, family=FONT_FAMILY))
    box.add_artist(plt.Text(length + 4.0 * fs * m_per_pt, h / 2, unit, ha="left", va="center",
                            fontsize=7.5 * fs, family=FONT_FAMILY))
    # the last label ("10 km") is centred on the end; keep room for it on the right
    anchored = AnchoredOffsetbox(loc=_CORNERS[loc], child=box, pad=0.45, borderpad=0.6,
                                 frameon=True)
    anchored.patch.set(facecolor="white", alpha=0.85, edgecolor="none")
    anchored.set_gid("scalebar")
    anchored.length_m = length
    anchored.bar_children = [c for c in box.get_children() if isinstance(c, Rectangle)]
    anchored.set_zorder(20)
    ax.add_artist(anchored)
    return anchored


def add_north_arrow(ax, *, loc: str = "upper right", lang: str = "en"):
    """A two-tone north arrow (grid north) with the letter N (Vietnamese: B, Bắc)."""
    fs = font_scale(ax.figure)
    w, h = 16.0 * fs, 26.0 * fs
    da = DrawingArea(w, h, 0, 0)
    tip, base, mid = (w / 2, h), (0.0, 0.0), (w / 2, h * 0.28)
    da.add_artist(MplPolygon([tip, base, mid], closed=True, facecolor="black", edgecolor="black",
                             linewidth=0.6))
    da.add_artist(MplPolygon([tip, (w, 0.0), mid], closed=True, facecolor="white", edgecolor="black",
                             linewidth=0.6))
    letter = TextArea(words(lang)["north"], textprops=dict(fontsize=10 * fs, fontweight="bold",
                                                           family=FONT_FAMILY))
    pack = VPacker(children=[letter, da], align="center", pad=0, sep=1.5 * fs)
    anchored = AnchoredOffsetbox(loc=_CORNERS[loc], child=pack, pad=0.35, borderpad=0.6,
                                 frameon=True)
    anchored.patch.set(facecolor="white", alpha=0.85, edgecolor="none")
    anchored.set_gid("north_arrow")
    anchored.set_zorder(20)
    ax.add_artist(anchored)
    return anchored


def add_legend(ax, handles, labels, *, title: str, side: str = "right", ncol: Optional[int] = None,
               loc: Optional[str] = None, below_lines: int = 2):
    """The legend beside the map (``side`` "right" or "below") or at ``loc`` inside it."""
    from matplotlib.font_manager import FontProperties

    fs = font_scale(ax.figure)
    prop = FontProperties(family=FONT_FAMILY, size=8.5 * fs)
    title_prop = FontProperties(family=FONT_FAMILY, size=9.5 * fs, weight="bold")
    kw = dict(prop=prop, title=title, title_fontproperties=title_prop, frameon=False,
              handlelength=2.2, handleheight=1.4, borderaxespad=0.0, labelspacing=0.7,
              alignment="left")
    if loc is not None and loc not in ("outside", "right", "below"):
        kw.update(loc=loc, frameon=True, framealpha=0.9, borderaxespad=0.5)
    elif side == "below" or loc == "below":
        from matplotlib.transforms import offset_copy

        drop = -(below_lines * 9.0 + 16.0) * fs        # clear the note lines under the map
        kw.update(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=ncol or 2,
                  bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=drop, units="points"))
    else:
        kw.update(loc="upper left", bbox_to_anchor=(1.03, 1.0), ncol=ncol or 1)
    # long labels wrap instead of running off the page (the legend panel is ~3 inches wide)
    width = 36 if kw.get("ncol", 1) == 1 and side != "below" else 44
    labels = [textwrap.fill(str(t), width) if len(str(t)) > width else t for t in labels]
    leg = ax.legend(handles, labels, **kw)
    leg.set_gid("legend")
    leg.set_zorder(30)
    return leg


def set_title(ax, title: str):
    fs = font_scale(ax.figure)
    t = ax.set_title(title, fontsize=14 * fs, fontweight="bold", family=FONT_FAMILY, loc="left",
                     pad=8 * fs)
    t.set_gid("title")
    return t


def crs_note_text(crs, lang: str) -> str:
    W = words(lang)
    if crs is None:
        return W["crs_none"]
    code = crs.to_epsg()
    code = f"EPSG:{code}" if code else (crs.to_string()[:40])
    name = crs.name
    if lang == "vi":
        name = name.replace("UTM zone", "UTM múi")
    return W["crs"].format(name=name, code=code)


def _version() -> str:
    pkg = sys.modules.get("watchmap")
    return getattr(pkg, "__version__", "") or ""


def source_note_text(lang: str, source: Optional[str], date, synthetic: bool) -> str:
    W = words(lang)
    if date is None:
        date = _dt.date.today()
    if isinstance(date, (_dt.date, _dt.datetime)):
        date = date.strftime("%d/%m/%Y") if lang == "vi" else date.strftime("%Y-%m-%d")
    src = source or (W["source_synthetic"] if synthetic else W["source_default"])
    return W["source"].format(src=src, ver=_version(), date=date).replace("watchmap ,", "watchmap,")


def add_notes(ax, *, lang: str, crs, source=None, date=None, synthetic=False, extra: Sequence[str] = ()):
    """Source/date line and CRS note under the map (gids "source_note", "crs_note")."""
    fs = font_scale(ax.figure)
    lines = [source_note_text(lang, source, date, synthetic)] + [e for e in extra if e]
    kw = dict(transform=ax.transAxes, ha="left", va="top", fontsize=7 * fs, family=FONT_FAMILY,
              color="#333333", clip_on=False)
    src = ax.text(0.0, -0.012, "\n".join(lines), gid="source_note", **kw)
    crs_t = ax.annotate(crs_note_text(crs, lang), xy=(0, 0), xycoords=src, xytext=(0, -2 * fs),
                        textcoords="offset points", ha="left", va="top", fontsize=7 * fs,
                        family=FONT_FAMILY, color="#333333", annotation_clip=False)
    crs_t.set_gid("crs_note")
    return src, crs_t


def add_map_note(ax, text: str, *, loc: str = "upper left"):
    """A boxed note on the map itself (used for "Synthetic demo district …"); gid "note"."""
    from matplotlib.offsetbox import AnchoredText

    fs = font_scale(ax.figure)
    at = AnchoredText(text, loc=_CORNERS[loc], frameon=True, pad=0.35, borderpad=0.6,
                      prop=dict(fontsize=8 * fs, family=FONT_FAMILY, fontstyle="italic",
                                color="#7a0000", fontweight="bold"))
    at.patch.set(facecolor="white", alpha=0.9, edgecolor="#7a0000", linewidth=0.8,
                 boxstyle="round,pad=0.2")
    at.set_gid("note")
    at.set_zorder(25)
    ax.add_artist(at)
    return at


def finish_map(ax, *, footprint, handles, labels, legend_title, title, lang, crs, source, date,
               note, synthetic, legend_loc, side, extra_notes=()):
    """Title, legend, scale bar, north arrow, notes and the synthetic-data note."""
    set_title(ax, title)
    add_legend(ax, handles, labels, title=legend_title, side=side, loc=legend_loc,
               below_lines=2 + len([e for e in extra_notes if e]))
    note_text = note if note else (words(lang)["synthetic"] if synthetic else None)
    lower = corner_order(ax, footprint, ["lower left", "lower right"], (0.3, 0.1))
    upper_order = corner_order(ax, footprint, ["upper right", "upper left"], (0.08, 0.16))
    add_scalebar(ax, loc=lower[0], lang=lang)
    add_north_arrow(ax, loc=upper_order[0], lang=lang)
    if note_text:
        remaining = [c for c in ("upper left", "upper right", "lower right", "lower left")
                     if c not in (lower[0], upper_order[0])]
        best = corner_order(ax, footprint, remaining, (0.45, 0.07))[0]
        add_map_note(ax, note_text, loc=best)
    add_notes(ax, lang=lang, crs=crs, source=source, date=date, synthetic=synthetic,
              extra=extra_notes)
    return ax
