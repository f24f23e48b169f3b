""""How this report was computed": data, CRS, every parameter and choice the analyses made, the
software, the time per step and the files in the folder. Runs last, just before the page is
written, so it can list the other sections' choices and timings."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import html as H
from .._section import Context, Section

KEY = "method"


def run(ctx: Context, *, timings: dict, files: list) -> Section:
    from ... import __version__

    d, W, o = ctx.district, ctx.words, ctx.options
    sec = Section(KEY, W["sec_method"])
    rows = []
    if ctx.synthetic:
        rows.append((W["m_data"], H.esc(W["m_demo"].format(seed=o.seed))))
    else:
        rows.append((W["m_data"], "<br>".join(f"{H.esc(k)}: {H.esc(v)}" for k, v in ctx.sources.items())))
    code = d.crs.epsg
    rows.append((W["m_crs"], H.esc(W["m_crs_v"].format(name=d.crs.name, code=f" (EPSG:{code})" if code else ""))))
    t = ctx.shared.get("incident_dates")
    first, last = (t.min(), t.max()) if t is not None and len(t) else ("–", "–")
    fmt = (lambda v: v.strftime("%d/%m/%Y") if ctx.lang == "vi" else v.strftime("%Y-%m-%d"))
    rows.append((W["m_period"], H.esc(W["m_period_v"].format(
        n=ctx.number(len(d.incidents)), first=fmt(first) if hasattr(first, "strftime") else first,
        last=fmt(last) if hasattr(last, "strftime") else last, year=ctx.year))))
    rows.append((W["m_count"], H.esc(W["m_count_v"])))
    for key in ("density", "coverage", "hotspots", "placement"):
        rows.extend(ctx.sections[key].method)
    import platform

    rows.append((W["m_software"], H.esc(W["m_software_v"].format(
        version=__version__, python=platform.python_version(), numpy=np.__version__, pandas=pd.__version__))))
    steps = ", ".join(f"{H.esc(W['steps'].get(name, name))} {H.esc(W['seconds'].format(s=ctx.number(sec_, 1)))}"
                      for name, sec_ in timings.items())
    rows.append((W["m_timing"], steps))
    rows.append((W["m_files"], "<br>".join(f"<code>{H.esc(n)}</code> – {H.esc(desc)}" for n, desc in files)))
    sec.blocks.append(H.definition_table(rows, name="method", header=(W["item"], W["value"])))
    return sec
