"""Hot and cold spots of the report year's incidents (``watchmap.hotspots``): Getis-Ord Gi* on
hexagonal cells covering the district with the defaults of ArcGIS Optimized Hot Spot Analysis,
FDR-corrected bins, the map, the counts per confidence level and the strongest cells."""
from __future__ import annotations

import numpy as np

from .. import figures
from .. import html as H
from .._section import Context, Section

KEY = "hotspots"
CONFIDENCE = {3: 99, 2: 95, 1: 90}


def _band_how(ctx: Context, choices: dict) -> str:
    W = ctx.words
    rule = choices["band_rule"]
    if rule == "isa_peak":
        return W["band_isa"].format(z=ctx.number(choices["band_isa_z"], 2))
    if rule == "kth_neighbour":
        return W["band_knn"].format(k=choices["band_k"])
    return W["band_given"]


def run(ctx: Context) -> Section:
    import watchmap as wm
    from ... import join, plot
    from ..._core import PointSet

    d, o, W = ctx.district, ctx.options, ctx.words
    sec = Section(KEY, W["sec_hotspots"])
    result = wm.hotspots(ctx.incidents_in_year, cells="hex", boundary=d.boundary, fdr=True)
    frame, choices = result.to_frame(), result.choices
    ctx.progress(0.4)
    bins = frame["bin"].to_numpy()
    # the hamlet at each cell's centre names the place in the table
    gcells = result.cells.to_geopandas()
    centres = gcells.geometry.representative_point()
    at = join.locate(PointSet(centres.x.to_numpy(), centres.y.to_numpy(), crs=result.cells.crs), d.hamlets)
    names = d.hamlets.attributes["hamlet"].astype(str).to_numpy()
    frame["hamlet"] = np.where(at >= 0, names[np.maximum(at, 0)], "")
    frame["confidence"] = [CONFIDENCE.get(abs(b), 0) for b in bins]

    counts = {"cells": len(frame), "hot_cells": int((bins > 0).sum()), "cold_cells": int((bins < 0).sum()),
              "hot_cells_99": int((bins == 3).sum()), "hot_cells_95": int((bins >= 2).sum()),
              "hot_cells_90": int((bins == 1).sum())}
    cut = choices["fdr_cutoffs"]
    sec.facts.update(counts, cell_size_m=float(choices["cell_size_m"]), distance_band_m=float(choices["distance_band_m"]),
                     fdr_cutoff_99=cut[0.01], fdr_cutoff_95=cut[0.05], fdr_cutoff_90=cut[0.10])
    cells_text = W["hex_cells"].format(size=ctx.distance(float(choices["cell_size_m"])))
    fig = figures.map_page(plot.hotspot_map, gcells, bins, fdr=True, boundary=d.boundary, hamlets=d.hamlets,
                           lang=ctx.lang, synthetic=ctx.synthetic, date=ctx.date)
    sec.blocks.append(H.figure(figures.png_data_uri(fig, o.dpi), W["hotspot_caption"].format(
        year=ctx.year, cells=cells_text, fdr=ctx.map_words["fdr_yes"]), fid="hotspots"))
    ctx.progress(0.8)
    text = H.esc(W["hotspot_counts"])
    for key, name in (("{n}", "cells"), ("{hot95}", "hot_cells_95"), ("{hot99}", "hot_cells_99"),
                      ("{hot90}", "hot_cells_90"), ("{cold}", "cold_cells")):
        text = text.replace(key, H.num(ctx, counts[name], key=name))
    sec.blocks.append(H.paragraph(text))
    top = frame[bins >= 2].sort_values("z", ascending=False, kind="stable").head(10)
    if top.empty:
        sec.blocks.append(H.paragraph(H.esc(W["no_hotspots"])))
    else:
        cols = [("cell_id", W["cell"], "text"), ("hamlet", W["near_hamlet"], "text"), ("count", W["count"], "int"),
                ("z", W["z"], "float2"), ("p_fdr", W["p"], "p"), ("confidence", W["confidence"], "confidence")]
        sec.blocks.append(H.table(ctx, top, cols, name="top_hotspots", id_col="cell_id",
                                  caption=W["top_hotspots_caption"], cls="narrow"))
    sec.layers["hotspot_cells"] = result.cells
    sec.web["hotspots"] = gcells.assign(Gi_Bin=bins)[["geometry", "Gi_Bin"]]
    sec.tables["hotspots"] = frame
    sec.method.append((W["m_hotspots"], H.esc(W["m_hotspots_v"].format(
        cells=cells_text, n=ctx.number(choices["n_cells"]), incidents=ctx.number(choices["n_incidents"]),
        year=ctx.year, band=ctx.distance(float(choices["distance_band_m"])), how=_band_how(ctx, choices),
        c99=ctx.significant(cut[0.01]), c95=ctx.significant(cut[0.05]), c90=ctx.significant(cut[0.10])))))
    ctx.progress(1.0)
    return sec
