"""map.html: the offline interactive map (:func:`watchmap.web_map.web_map`) with every layer the
sections produced: hamlets with their metrics in the popups, teams, the density surface, and
coverage gaps, isochrones and hotspot cells when those analyses ran."""
from __future__ import annotations

from pathlib import Path


def write(path: Path, ctx, sections) -> Path:
    from ..web_map import web_map

    extra = {}
    for s in sections:
        extra.update(s.web)
    hamlets = ctx.district.hamlets.assign(**{c: ctx.hamlet_metrics[c].to_numpy()
                                             for c in ctx.hamlet_metrics.columns})
    title = f"{ctx.words['report_title']} – {ctx.district_name}"
    show = ["hamlets", "teams"] + [k for k in ("gaps",) if k in extra]
    return web_map(path, hamlets=hamlets, teams=ctx.district.teams, title=title, lang=ctx.lang,
                   synthetic=ctx.synthetic, threshold=ctx.options.threshold, date=ctx.date, show=show,
                   **extra)

