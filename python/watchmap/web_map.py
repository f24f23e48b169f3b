"""The offline interactive map: one self-contained HTML file with Leaflet inlined.

Leaflet's JavaScript and CSS are read from Debian's ``libjs-leaflet`` package
(``/usr/share/javascript/leaflet/``, or ``$WATCHMAP_LEAFLET_DIR``) and written into the page, its
images as data URIs; the data are inline GeoJSON in EPSG:4326 and the density surface an inline
PNG. There is no tile layer and no CDN: the page makes no network request, so it works on an
office laptop with no internet.
"""
from __future__ import annotations

import base64
import html
import io
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Optional, Union

import numpy as np

from . import _map_furniture as F
from ._map_furniture import HOTSPOT_COLORS
from ._lang import word_table

LEAFLET_DIRS = ("/usr/share/javascript/leaflet",)

_WEB_TEXT = {
    "en": {
        "title": "District security map",
        "hamlets": "Hamlets (thôn/bản)", "teams": "Security teams", "gaps": "Coverage gaps",
        "isochrones": "Walking-time isochrones", "hotspots": "Hot and cold spots (Gi*)",
        "density": "Incident density (per km²)",
        "hamlet": "Hamlet", "commune": "Commune", "population": "Population",
        "incidents_per_year": "Incidents per year", "incidents_mean": "Incidents per year (mean {y})",
        "covered_share": "Residents covered", "nearest_team": "Nearest team",
        "minutes": "min", "metres": "m", "team": "Team", "members": "Members",
        "coverage_classes": "Residents covered", "no_coverage": "Hamlet",
        "isochrone": "{m} min", "legend": "Legend",
        "footer": "Offline map – no internet needed. Coordinates WGS 84 (EPSG:4326).",
    },
    "vi": {
        "title": "Bản đồ an ninh huyện",
        "hamlets": "Thôn/bản", "teams": "Tổ an ninh nhân dân", "gaps": "Vùng chưa được bao phủ",
        "isochrones": "Đường đẳng thời đi bộ", "hotspots": "Điểm nóng và điểm lạnh (Gi*)",
        "density": "Mật độ vụ việc (trên km²)",
        "hamlet": "Thôn/bản", "commune": "Xã", "population": "Dân số",
        "incidents_per_year": "Số vụ việc mỗi năm", "incidents_mean": "Số vụ việc mỗi năm (trung bình {y})",
        "covered_share": "Tỷ lệ dân được bao phủ", "nearest_team": "Tổ gần nhất",
        "minutes": "phút", "metres": "m", "team": "Tổ", "members": "Số thành viên",
        "coverage_classes": "Tỷ lệ dân được bao phủ", "no_coverage": "Thôn/bản",
        "isochrone": "{m} phút", "legend": "Chú giải",
        "footer": "Bản đồ ngoại tuyến – không cần internet. Tọa độ WGS 84 (EPSG:4326).",
    },
}

# popup fields: (key in _WEB_TEXT, candidate columns)
_NAME_COLS = ("hamlet", "name")
_MINUTE_COLS = ("nearest_team_minutes", "minutes_to_team", "minutes")


def _leaflet_dir() -> Path:
    env = os.environ.get("WATCHMAP_LEAFLET_DIR")
    for d in ([env] if env else []) + list(LEAFLET_DIRS):
        p = Path(d)
        if (p / "leaflet.css").exists() and ((p / "leaflet.min.js").exists() or (p / "leaflet.js").exists()):
            return p
    raise FileNotFoundError("Leaflet not found in /usr/share/javascript/leaflet: install Debian's "
                            "libjs-leaflet (apt-get install libjs-leaflet) or set WATCHMAP_LEAFLET_DIR")


def _leaflet_assets():
    d = _leaflet_dir()
    js_path = d / "leaflet.min.js" if (d / "leaflet.min.js").exists() else d / "leaflet.js"
    js = js_path.read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js.rstrip()) + "\n"
    # the attribution prefix is a link to leafletjs.com; the page shows no attribution control,
    # but keep the file free of any external URL all the same
    js = re.sub(r"""<a href=\\?["']https?://leafletjs\.com\\?["'][^>]*>Leaflet</a>""", "Leaflet", js)
    css = (d / "leaflet.css").read_text(encoding="utf-8")

    def inline(match):
        name = match.group(1)
        img = d / name
        if img.exists():
            data = base64.b64encode(img.read_bytes()).decode("ascii")
            return f"url(data:image/png;base64,{data})"
        return "none"

    css = re.sub(r"url\((images/[^)]+\.png)\)", inline, css)
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError("the Leaflet files contain a closing tag and cannot be inlined")
    return js, css


def _json_safe(v):
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v) if math.isfinite(float(v)) else None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (int, str)):
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _round_coords(c, nd=6):
    if isinstance(c, (tuple, list)) and c and isinstance(c[0], (int, float)):
        return [round(float(c[0]), nd), round(float(c[1]), nd)]
    return [_round_coords(x, nd) for x in c]


def _to_wgs84(frame, name: str):
    if frame.crs is None:
        raise ValueError(f"{name}: the layer has no CRS, so it cannot be placed on the web map; "
                         "give it one (e.g. EPSG:32648)")
    return frame.to_crs(4326)


def _features(frame, props: dict) -> dict:
    from shapely.geometry import mapping

    feats = []
    for i, g in enumerate(frame.geometry):
        if g is None or g.is_empty:
            continue
        gj = mapping(g)
        geom = {"type": gj["type"], "coordinates": _round_coords(gj["coordinates"])}
        feats.append({"type": "Feature", "geometry": geom,
                      "properties": {k: _json_safe(v[i]) for k, v in props.items()}})
    return {"type": "FeatureCollection", "features": feats}


def _fmt(v, lang, digits=0):
    return F.fmt_number(float(v), lang, digits)


def _hamlet_popups(h, T, lang):
    """Per-hamlet popup HTML and fill colour, from whichever columns exist."""
    n = len(h)
    name_col = next((c for c in _NAME_COLS if c in h.columns), None)
    year_cols = sorted(c for c in h.columns if re.fullmatch(r"count_\d{4}", str(c)))
    min_col = next((c for c in _MINUTE_COLS if c in h.columns), None)
    popups = []
    for i in range(n):
        row = h.iloc[i]
        lines = []
        title = html.escape(str(row[name_col])) if name_col else f"#{i + 1}"
        lines.append(f"<b>{title}</b>")

        def add(label, value):
            lines.append(f"{html.escape(label)}: {html.escape(value)}")

        if "commune" in h.columns:
            add(T["commune"], str(row["commune"]))
        if "population" in h.columns and _finite(row["population"]):
            add(T["population"], _fmt(row["population"], lang))
        if "incidents_per_year" in h.columns and _finite(row["incidents_per_year"]):
            add(T["incidents_per_year"], _fmt(row["incidents_per_year"], lang, 1))
        elif year_cols:
            vals = np.array([row[c] for c in year_cols], dtype=float)
            span = f"{year_cols[0][-4:]}–{year_cols[-1][-4:]}" if len(year_cols) > 1 else year_cols[0][-4:]
            add(T["incidents_mean"].format(y=span), _fmt(np.nanmean(vals), lang, 1))
        if "covered_share" in h.columns and _finite(row["covered_share"]):
            add(T["covered_share"], F.fmt_percent(round(float(row["covered_share"]), 3), lang))
        if "nearest_team" in h.columns or min_col or "nearest_team_m" in h.columns:
            parts = []
            if "nearest_team" in h.columns:
                parts.append(str(row["nearest_team"]))
            if min_col and _finite(row[min_col]):
                parts.append(f"{_fmt(row[min_col], lang)} {T['minutes']}")
            if "nearest_team_m" in h.columns and _finite(row["nearest_team_m"]):
                parts.append(f"{_fmt(row['nearest_team_m'], lang)} {T['metres']}")
            if parts:
                add(T["nearest_team"], ", ".join(parts))
        popups.append("<br>".join(lines))
    return popups


def _finite(v) -> bool:
    try:
        return v is not None and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _coverage_colours(threshold, cmap="YlGnBu"):
    """(breaks, colours) of the coverage classes, the same as ``coverage_map``."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    breaks = sorted({0.0, 0.25, 0.5, float(threshold), 1.0})
    colours = [to_hex(plt.get_cmap(cmap)(v)) for v in np.linspace(0.12, 0.85, len(breaks))]
    return breaks, colours


def _coverage_colour(share, threshold):
    if not _finite(share):
        return "#f3efe6"
    breaks, colours = _coverage_colours(threshold)
    if share >= 1.0 - 5e-4:
        return colours[-1]
    k = int(np.clip(np.searchsorted(breaks, share, side="right") - 1, 0, len(breaks) - 2))
    return colours[k]


def _density_overlay(density, lang: str = "en", classes: int = 5, scheme: str = "quantile", cmap: str = "magma_r",
                     max_pixels: int = 1_500_000):
    """(data URI, [[south, west], [north, east]], legend rows) of the raster warped to Web Mercator."""
    import matplotlib.pyplot as plt
    import pyproj
    from matplotlib.image import imsave

    rp = F.RasterParts(density, "density")
    if rp.crs is None:
        raise ValueError("density: the raster has no CRS, so it cannot be placed on the web map")
    to_ll = pyproj.Transformer.from_crs(rp.crs, 4326, always_xy=True)
    to_merc = pyproj.Transformer.from_crs(rp.crs, 3857, always_xy=True)
    back = pyproj.Transformer.from_crs(3857, rp.crs, always_xy=True)
    # densified outline of the raster extent -> Web Mercator box
    t = np.linspace(0, 1, 65)
    xs = np.concatenate([rp.xmin + t * (rp.xmax - rp.xmin), np.full(65, rp.xmax),
                         rp.xmax - t * (rp.xmax - rp.xmin), np.full(65, rp.xmin)])
    ys = np.concatenate([np.full(65, rp.ymin), rp.ymin + t * (rp.ymax - rp.ymin),
                         np.full(65, rp.ymax), rp.ymax - t * (rp.ymax - rp.ymin)])
    mx, my = to_merc.transform(xs, ys)
    mx0, mx1, my0, my1 = float(np.min(mx)), float(np.max(mx)), float(np.min(my)), float(np.max(my))
    nrows, ncols = rp.values.shape
    # keep about the raster's own resolution (Web Mercator metres are ~1/cos(lat) ground metres)
    px = (rp.xmax - rp.xmin) / ncols * (mx1 - mx0) / (rp.xmax - rp.xmin) * 0.999
    nx = max(2, int(round((mx1 - mx0) / px)))
    ny = max(2, int(round((my1 - my0) / px)))
    scale = math.sqrt(max_pixels / (nx * ny)) if nx * ny > max_pixels else 1.0
    nx, ny = max(2, int(nx * scale)), max(2, int(ny * scale))
    gx = mx0 + (np.arange(nx) + 0.5) * (mx1 - mx0) / nx
    gy = my1 - (np.arange(ny) + 0.5) * (my1 - my0) / ny
    GX, GY = np.meshgrid(gx, gy)
    sx, sy = back.transform(GX.ravel(), GY.ravel())
    col = np.floor((np.asarray(sx) - rp.xmin) / rp.cell_w).astype(np.int64)
    row = np.floor((rp.ymax - np.asarray(sy)) / rp.cell_h).astype(np.int64)
    ok = (col >= 0) & (col < ncols) & (row >= 0) & (row < nrows)
    out = np.full(nx * ny, np.nan)
    out[ok] = rp.values[row[ok], col[ok]]
    out = out.reshape(ny, nx)
    br = F.class_breaks(rp.values, classes, scheme)
    n = len(br) - 1
    colours = [plt.get_cmap(cmap)(v) for v in np.linspace(0.04, 0.85, n)]
    k = np.clip(np.searchsorted(br, np.nan_to_num(out, nan=0.0), side="right") - 1, 0, n - 1)
    rgba = np.zeros((ny, nx, 4))
    lut = np.array(colours)
    rgba[...] = lut[k]
    rgba[..., 3] = np.where(np.isfinite(out), 1.0, 0.0)
    buf = io.BytesIO()
    imsave(buf, rgba, format="png")
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    ll = pyproj.Transformer.from_crs(3857, 4326, always_xy=True)
    (w, e), (s, nn) = ll.transform([mx0, mx1], [my0, my1])
    bounds = [[round(s, 7), round(w, 7)], [round(nn, 7), round(e, 7)]]
    from matplotlib.colors import to_hex

    rows = [(to_hex(colours[i]), f"{F.fmt_break(br[i], lang)} – {F.fmt_break(br[i + 1], lang)}"
             if i < n - 1 else f"≥ {F.fmt_break(br[i], lang)}") for i in range(n)]
    return uri, bounds, rows, to_ll


def _script_json(obj) -> str:
    """JSON safe to put inside <script> (no '<', so no '</script>' or '<!--')."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def web_map(path: Union[str, os.PathLike], *, hamlets, teams=None, gaps=None, isochrones=None,
            hotspots=None, density=None, title: Optional[str] = None, lang: str = "en",
            synthetic: bool = False, note: Optional[str] = None, source: Optional[str] = None,
            threshold: float = 0.8, date=None, density_classes: int = 5, density_scheme: str = "quantile",
            show=("hamlets", "teams", "gaps")) -> Path:
    """Writes an offline interactive map: one self-contained HTML file (Leaflet inlined).

    Layers (each switchable in the layer control, with a legend): hamlets (one path per hamlet,
    class ``wm-hamlet``, coloured by covered share when there is a ``covered_share`` column;
    popup with name, commune, population, incidents per year, covered share, nearest team and
    minutes — whichever columns exist), team bases (class ``wm-team``), coverage gaps,
    isochrones, hot/cold spot cells and the density raster as an image overlay (PNG data URI,
    nodata transparent). No tiles, no CDN, no request of any kind leaves the page. The file is
    written to a temporary name beside ``path`` and renamed.

    Parameters
    ----------
    path : str or os.PathLike
        Output HTML file.
    hamlets : PolygonSet or GeoDataFrame
        Hamlet polygons with a CRS. Popup columns used when present: ``hamlet`` (or ``name``),
        ``commune``, ``population``, ``incidents_per_year`` (else the mean of ``count_YYYY``
        columns from ``wm.count(..., by="year")``), ``covered_share`` (0–1), ``nearest_team``,
        ``nearest_team_minutes`` (or ``minutes_to_team``, ``minutes``), ``nearest_team_m``.
    teams : PointSet or GeoDataFrame, optional
        Team bases; popup shows ``team_id``, ``hamlet``, ``members`` when present.
    gaps : PolygonSet or GeoDataFrame, optional
        Uncovered areas.
    isochrones : PolygonSet or GeoDataFrame, optional
        Isochrone polygons or lines with a ``minutes`` column.
    hotspots : PolygonSet or GeoDataFrame, optional
        Analysis cells with a ``Gi_Bin`` column (−3…3); cells with bin 0 are left out.
    density : Raster, optional
        Density per km² with a CRS; shown in classes chosen as ``density_map`` chooses them.
    title : str, optional
        Page title (default in ``lang``).
    lang : {"en", "vi"}
        Language of labels and popups.
    synthetic : bool
        Show "Synthetic demo district modelled on Bạch Thông" in the header.
    note : str, optional
        Custom header note instead.
    source : str, optional
        Data source shown in the footer.
    threshold : float
        Coverage threshold for the hamlet colour classes (as in ``coverage_map``).
    date : str or datetime.date, optional
        Date in the footer (default today).
    density_classes, density_scheme : int, {"quantile", "equal", "doubling"}
        The density layer's classes, as ``classes`` and ``scheme`` of ``density_map`` (pass the
        printed map's values so both maps share one legend).
    show : sequence of str
        Layers switched on when the page opens (the others are one click away in the layer
        control): any of "hamlets", "teams", "gaps", "isochrones", "hotspots", "density".

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> import watchmap as wm
    >>> d = wm.datasets.demo_district(seed=0)
    >>> wm.plot.web_map("map.html", hamlets=d.hamlets, teams=d.teams, synthetic=True)
    PosixPath('map.html')
    """
    T = word_table(_WEB_TEXT, lang)
    Wd = F.words(lang)
    path = Path(path)
    js, css = _leaflet_assets()

    h = _to_wgs84(F.as_frame(hamlets, "hamlets"), "hamlets")
    popups = _hamlet_popups(h, T, lang)
    has_cov = "covered_share" in h.columns
    fills = [_coverage_colour(s, threshold) for s in h["covered_share"]] if has_cov else ["#f3efe6"] * len(h)
    name_col = next((c for c in _NAME_COLS if c in h.columns), None)
    names_ = [str(v) for v in h[name_col]] if name_col else [""] * len(h)
    data = {"hamlets": _features(h, {"popup": popups, "fill": fills, "name": names_})}
    legend = []
    if has_cov:
        breaks = sorted({0.0, 0.25, 0.5, float(threshold), 1.0})
        rows = []
        for i in range(len(breaks) - 1):
            lo, hi = F.fmt_percent(breaks[i], lang), F.fmt_percent(breaks[i + 1], lang)
            rows.append((_coverage_colour((breaks[i] + breaks[i + 1]) / 2, threshold),
                         f"{lo} – <{hi}"))
        rows.append((_coverage_colours(threshold)[1][-1], F.fmt_percent(1.0, lang)))
        legend.append({"layer": "hamlets", "title": T["coverage_classes"], "rows": [{"fill": c, "label": l} for c, l in rows]})
    else:
        legend.append({"layer": "hamlets", "title": "", "rows": [{"fill": "#f3efe6", "stroke": "#777", "label": T["hamlets"]}]})

    if teams is not None:
        t = _to_wgs84(F.as_frame(teams, "teams"), "teams")
        pops = []
        for i in range(len(t)):
            r = t.iloc[i]
            bits = [f"<b>{html.escape(Wd['team'])}</b>"]
            for col, lab in (("team_id", T["team"]), ("hamlet", T["hamlet"]), ("members", T["members"])):
                if col in t.columns:
                    bits.append(f"{html.escape(lab)}: {html.escape(str(r[col]))}")
            pops.append("<br>".join(bits))
        data["teams"] = _features(t, {"popup": pops})
        legend.append({"layer": "teams", "title": "", "rows": [{"circle": "#1a1a1a", "label": T["teams"]}]})
    if gaps is not None:
        g = _to_wgs84(F.as_frame(gaps, "gaps"), "gaps")
        data["gaps"] = _features(g, {"popup": [html.escape(T["gaps"])] * len(g)})
        legend.append({"layer": "gaps", "title": "", "rows": [{"fill": "#8b0000", "opacity": 0.4, "stroke": "#8b0000",
                                              "dash": True, "label": T["gaps"]}]})
    if isochrones is not None:
        iso = _to_wgs84(F.as_frame(isochrones, "isochrones"), "isochrones")
        mins = iso["minutes"].tolist() if "minutes" in iso.columns else [None] * len(iso)
        levels = sorted({float(v) for v in mins if _finite(v)})
        dashes = ["", "6 3", "2 3", "8 3 2 3"]
        dash = [dashes[levels.index(float(v)) % len(dashes)] if _finite(v) else "" for v in mins]
        labels = [T["isochrone"].format(m=f"{float(v):g}") if _finite(v) else "" for v in mins]
        data["isochrones"] = _features(iso, {"dash": dash, "popup": labels})
        legend.append({"layer": "isochrones", "title": T["isochrones"], "rows": [
            {"line": "#111", "dash": dashes[k % len(dashes)], "label": T["isochrone"].format(m=f"{v:g}")}
            for k, v in enumerate(levels)]})
    if hotspots is not None:
        cells = _to_wgs84(F.as_frame(hotspots, "hotspots"), "hotspots")
        col = next((c for c in ("Gi_Bin", "gi_bin", "bin") if c in cells.columns), None)
        if col is None:
            raise ValueError(f"hotspots: needs a Gi_Bin column (columns: {list(cells.columns)})")
        bins = np.rint(cells[col].fillna(0).to_numpy(dtype=float)).astype(int)
        keep = bins != 0
        cells = cells[keep]
        bins = bins[keep]
        lab = {k: (Wd["hot"] if k > 0 else Wd["cold"]).format(c={1: 90, 2: 95, 3: 99}[abs(k)])
               for k in (-3, -2, -1, 1, 2, 3)}
        data["hotspots"] = _features(cells, {"fill": [HOTSPOT_COLORS[int(b)] for b in bins],
                                             "popup": [lab[int(b)] for b in bins]})
        legend.append({"layer": "hotspots", "title": T["hotspots"], "rows": [
            {"fill": HOTSPOT_COLORS[k], "label": lab[k]} for k in (3, 2, 1, -1, -2, -3)]})
    overlay = None
    if density is not None:
        uri, bounds, rows, _ = _density_overlay(density, lang, density_classes, density_scheme)
        overlay = {"uri": uri, "bounds": bounds}
        legend.append({"layer": "density", "title": T["density"], "rows": [{"fill": c, "label": l} for c, l in rows]})

    note_text = note if note else (Wd["synthetic"] if synthetic else "")
    footer = " · ".join(x for x in (F.source_note_text(lang, source, date, synthetic), T["footer"]) if x)
    page_title = title or T["title"]
    names = {k: T[k] for k in ("hamlets", "teams", "gaps", "isochrones", "hotspots", "density")}
    config = {"data": data, "overlay": overlay, "names": names, "legend": legend,
              "legendTitle": T["legend"], "show": list(show)}

    doc = _TEMPLATE.format(
        lang=lang, title=html.escape(page_title), css=css, js=js,
        note=(f'<div class="wm-note">{html.escape(note_text)}</div>' if note_text else ""),
        footer=html.escape(footer), config=_script_json(config), app=_APP_JS)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(doc)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
<style>
html, body {{ height: 100%; margin: 0; font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 6px 12px; border-bottom: 1px solid #bbb; background: #fafafa; }}
header h1 {{ font-size: 18px; margin: 0; }}
.wm-note {{ color: #7a0000; font-weight: bold; font-style: italic; font-size: 13px; margin-top: 2px; }}
#map {{ flex: 1; background: #eef1f4; }}
footer {{ font-size: 11px; color: #444; padding: 3px 12px; border-top: 1px solid #ddd; }}
.wm-legend {{ background: rgba(255,255,255,0.92); padding: 6px 9px; font-size: 12px; line-height: 18px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.35); max-height: 60vh; overflow-y: auto; }}
.wm-legend h4 {{ margin: 0 0 4px; font-size: 13px; }}
.wm-legend .wm-sec {{ font-weight: bold; margin-top: 4px; }}
.wm-legend svg {{ vertical-align: middle; margin-right: 6px; }}
.wm-label {{ background: none; border: none; box-shadow: none; font-size: 10px; color: #333;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff; }}
</style>
</head>
<body>
<header><h1>{title}</h1>{note}</header>
<div id="map"></div>
<footer>{footer}</footer>
<script>
{js}
</script>
<script>
var WM = {config};
</script>
<script>
{app}
</script>
</body>
</html>
"""

_APP_JS = r"""
(function () {
  var map = L.map('map', {attributionControl: false, zoomSnap: 0.25, preferCanvas: false});
  var overlays = {}, byKey = {}, D = WM.data;
  function popup(f, layer) {
    if (f.properties && f.properties.popup) layer.bindPopup(f.properties.popup);
    if (f.properties && f.properties.name) layer.bindTooltip(f.properties.name, {sticky: true});
  }
  function add(key, layer) { overlays[WM.names[key]] = layer; byKey[key] = layer;
    if (WM.show.indexOf(key) >= 0) layer.addTo(map); }
  if (WM.overlay) add('density', L.imageOverlay(WM.overlay.uri, WM.overlay.bounds,
    {opacity: 0.8, interactive: false, className: 'wm-density'}));
  if (D.hotspots) add('hotspots', L.geoJSON(D.hotspots, {className: 'wm-hotspot', onEachFeature: popup,
    style: function (f) { return {className: 'wm-hotspot', color: '#ffffff', weight: 0.5,
      fillColor: f.properties.fill, fillOpacity: 0.8}; }}));
  var hamlets = L.geoJSON(D.hamlets, {className: 'wm-hamlet', onEachFeature: popup,
    style: function (f) { return {className: 'wm-hamlet', color: '#666666', weight: 0.8,
      fillColor: f.properties.fill, fillOpacity: 0.65}; }});
  add('hamlets', hamlets);
  if (D.gaps) add('gaps', L.geoJSON(D.gaps, {className: 'wm-gap', onEachFeature: popup,
    style: function () { return {className: 'wm-gap', color: '#8b0000', weight: 1.2, dashArray: '4 3',
      fillColor: '#8b0000', fillOpacity: 0.4}; }}));
  if (D.isochrones) add('isochrones', L.geoJSON(D.isochrones, {className: 'wm-isochrone',
    onEachFeature: popup, style: function (f) { return {className: 'wm-isochrone', color: '#111111',
      weight: 1.5, dashArray: f.properties.dash || null, fill: false}; }}));
  if (D.teams) add('teams', L.geoJSON(D.teams, {onEachFeature: popup, pointToLayer: function (f, ll) {
    return L.circleMarker(ll, {className: 'wm-team', radius: 4, color: '#ffffff', weight: 1,
      fillColor: '#1a1a1a', fillOpacity: 1}); }}));
  L.control.layers(null, overlays, {collapsed: false}).addTo(map);
  L.control.scale({imperial: false, metric: true, maxWidth: 160}).addTo(map);
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
  var legendDiv = null;
  function drawLegend() {
    if (!legendDiv) return;
    var h = '<h4>' + esc(WM.legendTitle) + '</h4>';
    WM.legend.forEach(function (sec) {
      var lay = byKey[sec.layer];
      if (lay && !map.hasLayer(lay)) return;
      if (sec.title) h += '<div class="wm-sec">' + esc(sec.title) + '</div>';
      sec.rows.forEach(function (r) {
        var s = '<svg width="22" height="14">';
        if (r.circle) s += '<circle cx="11" cy="7" r="4.5" fill="' + r.circle + '" stroke="#fff"/>';
        else if (r.line) s += '<line x1="1" y1="7" x2="21" y2="7" stroke="' + r.line +
          '" stroke-width="2" stroke-dasharray="' + (r.dash || '') + '"/>';
        else s += '<rect x="1" y="1" width="20" height="12" fill="' + r.fill + '" fill-opacity="' +
          (r.opacity == null ? 1 : r.opacity) + '" stroke="' + (r.stroke || '#888') +
          '" stroke-dasharray="' + (r.dash ? '3 2' : '') + '"/>';
        h += '<div>' + s + '</svg>' + esc(r.label) + '</div>';
      });
    });
    legendDiv.innerHTML = h;
  }
  // hamlet fills fade when a surface (density, hot spots) is shown under them
  function fade() {
    var under = (byKey.density && map.hasLayer(byKey.density)) ||
                (byKey.hotspots && map.hasLayer(byKey.hotspots));
    hamlets.setStyle({fillOpacity: under ? 0.08 : 0.65});
    hamlets.bringToFront();
    if (byKey.gaps && map.hasLayer(byKey.gaps)) byKey.gaps.bringToFront();
    if (byKey.isochrones && map.hasLayer(byKey.isochrones)) byKey.isochrones.bringToFront();
    if (byKey.teams && map.hasLayer(byKey.teams)) byKey.teams.bringToFront();
  }
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    legendDiv = L.DomUtil.create('div', 'wm-legend');
    L.DomEvent.disableClickPropagation(legendDiv);
    drawLegend();
    return legendDiv;
  };
  legend.addTo(map);
  map.on('overlayadd overlayremove', function () { fade(); drawLegend(); });
  fade();
  map.fitBounds(hamlets.getBounds(), {padding: [10, 10]});
  window.WM_MAP = map;
  document.body.setAttribute('data-wm-ready', '1');
})();
"""
