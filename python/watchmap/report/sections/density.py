"""Kernel density of the report year's incidents (quartic, ArcGIS bandwidth, per km²) and its map."""
from __future__ import annotations

import numpy as np

from ... import density as _density
from ..._core import Grid
from .. import figures
from .. import html as H
from .._section import Context, Section

KEY = "density"
CELL_SIZE_M = 100.0
CLASSES = 6
SCHEME = "doubling"   # classes that double (… 1, 2, 4, 8 per km²): the cores stay apart however peaked


def run(ctx: Context) -> Section:
    d, W = ctx.district, ctx.words
    sec = Section(KEY, W["sec_density"])
    incidents = ctx.incidents_in_year
    grid = Grid.covering(d.boundary, CELL_SIZE_M, margin_m=0.0)
    surface = _density.kde(incidents, grid, kernel="quartic", bandwidth_rule="arcgis", mask=d.boundary,
                           weight=None, progress=lambda f: ctx.progress(0.8 * f))
    ctx.shared["density"] = surface
    values = np.asarray(surface.values)
    peak = float(np.nanmax(values)) if np.isfinite(values).any() else float("nan")
    sec.facts.update(bandwidth_m=float(surface.bandwidth_m), cell_size_m=CELL_SIZE_M,
                     peak_per_km2=peak, incidents_in_density=int(len(incidents)),
                     method=str(surface.method))
    sec.rasters["density.tif"] = surface
    sec.web.update(density=surface, density_classes=CLASSES, density_scheme=SCHEME)

    from ... import plot

    fig = figures.map_page(plot.density_map, surface, boundary=d.boundary, hamlets=d.hamlets, scheme=SCHEME,
                           classes=CLASSES, lang=ctx.lang, synthetic=ctx.synthetic, date=ctx.date)
    ctx.progress(0.9)
    caption = W["density_caption"].format(
        year=ctx.year, bw=ctx.distance(surface.bandwidth_m), cell=ctx.number(CELL_SIZE_M),
        peak=ctx.number(peak, 1))
    sec.blocks.append(H.figure(figures.png_data_uri(fig, ctx.options.dpi), caption, fid="density"))
    sec.method.append((W["m_density"], H.esc(W["m_density_v"].format(
        bw=ctx.number(surface.bandwidth_m), cell=ctx.number(CELL_SIZE_M),
        method=W["density_methods"].get(surface.method, surface.method)))))
    ctx.progress(1.0)
    return sec
