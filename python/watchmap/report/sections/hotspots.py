"""Hot and cold spots of the report year's incidents: Getis-Ord Gi* on hexagonal cells with the
defaults of ArcGIS Optimized Hot Spot Analysis, FDR-corrected bins, the map and the top cells.

Written against the API of issue 8 (``watchmap.hotspots``); until that lands the section says
"not available in this version". ``_parts`` is the one place that reads the result's fields.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import figures
from .. import html as H
from .._section import Context, Section, unavailable

KEY = "hotspots"
CONFIDENCE = {3: 99, 2: 95, 1: 90}


def available() -> bool:
    import watchmap

    return hasattr(watchmap, "hotspots")


def _get(obj, *names, default=None):
    for name in names:
        if isinstance(obj, Mapping) and name in obj:
            return obj[name]
        if not isinstance(obj, Mapping) and hasattr(obj, name):
            return getattr(obj, name)
    return default


def _parts(result):
    """(cells PolygonSet, DataFrame aligned with the cells, choices) of a hotspots result."""
    cells = _get(result, "cells")
    frame = result.to_frame() if callable(getattr(result, "to_frame", None)) else _get(result, "frame", "table")
    if cells is None or frame is None:
        raise AttributeError(f"{type(result).__name__}: expected .cells and .to_frame()/.frame; "
                             f"update _parts in {__name__}")
    frame = pd.DataFrame(frame).reset_index(drop=True)
    if "bin" not in frame:
        for alt in ("Gi_Bin", "gi_bin"):
            if alt in frame:
                frame["bin"] = frame[alt]
    return cells, frame, _get(result, "choices", default={})


def run(ctx: Context) -> Section:
    W = ctx.words
    if not available():
        return unavailable(KEY, W["sec_hotspots"], ctx, W["sec_hotspots"], "watchmap.hotspots")
    import watchmap as wm
    from ... import join, plot

    d, o = ctx.district, ctx.options
    sec = Section(KEY, W["sec_hotspots"])
    incidents = d.incidents[ctx.shared["incident_years"] == ctx.year]
    result = wm.hotspots(incidents, cells="hex", boundary=d.boundary, fdr=True)
    cells, frame, choices = _parts(result)
    ctx.progress(0.4)
    bins = np.rint(pd.to_numeric(frame["bin"], errors="coerce").fillna(0).to_numpy()).astype(int)
    frame["bin"] = bins
    # the hamlet at each cell's centre names the place in the table
    gcells = cells.to_geopandas()
    centres = gcells.geometry.representative_point()
    from ..._core import PointSet

    at = join.locate(PointSet(centres.x.to_numpy(), centres.y.to_numpy(), crs=cells.crs), d.hamlets)
    names = d.hamlets.attributes["hamlet"].astype(str).to_numpy()
    frame["hamlet"] = np.where(at >= 0, names[np.maximum(at, 0)], "")
    frame["cell"] = np.arange(1, len(frame) + 1)
    frame["confidence"] = [CONFIDENCE.get(abs(b), 0) for b in bins]

    sec.facts.update(cells=int(len(frame)), hot_cells=int((bins > 0).sum()), cold_cells=int((bins < 0).sum()),
                     hot_cells_95=int((bins >= 2).sum()))
    cell_size = _get(choices, "cell_size_m")
    band = _get(choices, "distance_band_m", "band_m")
    cutoff = _get(choices, "fdr_cutoff", "fdr_cut_off", "p_cutoff")
    fdr_text = ctx.map_words["fdr_yes"].rstrip(".")
    cells_text = (W["hex_cells"].format(size=ctx.distance(float(cell_size))) if cell_size is not None
                  else W["hex_cells_plain"])
    fig = figures.map_page(plot.hotspot_map, gcells, bins, fdr=True, boundary=d.boundary, hamlets=d.hamlets,
                           lang=ctx.lang, synthetic=ctx.synthetic, date=ctx.date)
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi),
                               W["hotspot_caption"].format(year=ctx.year, cells=cells_text, fdr=fdr_text),
                               fid="hotspots"))
    ctx.progress(0.8)
    top = frame[bins >= 2].sort_values("z", ascending=False, kind="stable").head(10)
    if top.empty:
        sec.blocks.append(H.paragraph(H.esc(W["no_hotspots"])))
    else:
        p_col = "p_fdr" if "p_fdr" in frame else "p"
        cols = [("cell", W["cell"], "int"), ("hamlet", W["near_hamlet"], "text"), ("count", W["count"], "int"),
                ("z", W["z"], "float2"), (p_col, W["p"], "p"), ("confidence", W["confidence"], "confidence")]
        sec.blocks.append(H.table(ctx, top, cols, name="top_hotspots", id_col="cell",
                                  caption=W["top_hotspots_caption"], cls="narrow"))
    keep = [c for c in ("count", "z", "p", "p_fdr", "bin") if c in frame]
    sec.layers["hotspot_cells"] = cells.assign(**{c: frame[c].to_numpy() for c in keep})
    web = gcells[["geometry"]].copy()
    web["Gi_Bin"] = bins
    sec.web["hotspots"] = web
    sec.tables["hotspots"] = frame
    how = _get(choices, "how", "band_how", "method", default="")
    n_cells = _get(choices, "n_cells", default=len(frame))
    if cell_size is not None and band is not None and cutoff is not None:
        detail = H.esc(W["m_hotspots_v"].format(cells=cells_text, band=ctx.distance(float(band)), how=how,
                                                n=ctx.number(n_cells), cutoff=f"{float(cutoff):.3g}"))
    else:                                   # unknown shape of .choices: print it as it is
        items = choices.items() if isinstance(choices, Mapping) else vars(choices).items() \
            if hasattr(choices, "__dict__") else []
        detail = H.esc("; ".join(f"{k}: {v}" for k, v in items) or str(choices))
    sec.method.append((W["m_hotspots"], detail))
    ctx.progress(1.0)
    return sec
