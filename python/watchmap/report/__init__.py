"""The planner's report: one call from a district's files to a folder with a printable report.

:func:`build_report` (and ``python3 -m watchmap report``) writes, into ``out``:

``report.html``
    One self-contained page: headline numbers, the maps (inline PNG at 300 dpi), tables, and how
    everything was computed.
``report.pdf``
    The same page printed on A4 by headless Chromium; no map is cut across pages.
``map.html``
    The offline interactive map (Leaflet inlined).
``watchmap.gpkg``
    Every result layer: hamlets with all their metrics, communes, district, teams, incidents with
    the id of their hamlet, coverage (covered areas and gaps), isochrones, hotspot cells and the
    proposed sites.
``density.tif`` (and ``travel_time.tif`` with coverage), ``tables/*.csv``, ``summary.json``
    The density raster, the tables, and every number the report printed.
``data/``
    With ``--demo``: the demo district's input files (the format a district supplies).

Each section is a module in :mod:`watchmap.report.sections` with one entry point. A part the
inputs cannot support is skipped with its reason printed where it would be and listed in
``ReportResult.skipped`` (walking time without a DEM). The folder is written to a temporary
sibling and renamed at the end: a failure leaves no partial folder and an earlier report intact.

Examples
--------
>>> from watchmap.report import build_report, Options
>>> result = build_report("out/demo", demo=True, options=Options(lang="vi", pdf=False))
>>> result.facts["incidents"]["incidents_2025"]
357
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import pandas as pd

from .. import _progress as _call_bars  # the bars of single calls (not this package's _progress)
from .._core import InvalidInputError
from . import _inputs, gpkg, html, interactive, pdf, sections
from ._outdir import OutputFolder
from ._progress import Progress
from ._section import Context, Options, Section
from ._words import words

__all__ = ["build_report", "Options", "ReportResult", "Section"]

# step name -> share of the time it usually takes (for the progress bar)
STEPS = (("load", 1.0), ("incidents", 2.0), ("density", 1.5), ("coverage", 4.0), ("hotspots", 1.5),
         ("placement", 1.5), ("summary", 3.0), ("hamlets", 0.5), ("map.html", 0.5), ("files", 1.0),
         ("report.html", 0.5), ("report.pdf", 4.0))


@dataclass
class ReportResult:
    """What :func:`build_report` wrote: the folder, every number per section, time per step, and
    the parts skipped with the reason (e.g. walking time without a DEM)."""

    path: Path
    facts: Dict[str, Dict[str, Any]]
    timings: Dict[str, float]
    files: List[str]
    skipped: Dict[str, str]
    warnings: List[str] = field(default_factory=list)


def build_report(out, *, demo: bool = False, district=None, hamlets=None, teams=None, incidents=None,
                 households=None, dem=None, roads=None, options: Optional[Options] = None, progress: bool = True,
                 stream=None) -> ReportResult:
    """Writes the report folder ``out`` (see the module docs).

    Parameters
    ----------
    out : str or path-like
        The report folder. Created if missing; an earlier report there is replaced only when the
        new one is complete. A folder holding other files is refused.
    demo : bool
        Use the built-in synthetic demo district (Bạch Thông model).
    district : path, optional
        A district folder (hamlets.gpkg, teams.csv, incidents.csv, optional dem.tif,
        households.csv and roads.gpkg).
    hamlets, teams, incidents, households, dem, roads : path, optional
        Single files instead of a folder: hamlet polygons (any OGR format, with ``population`` and
        an id or name column), teams and incidents (CSV with lon/lat in WGS 84, or any OGR points;
        incidents need ``date``), households (points with ``residents``), a DEM GeoTIFF, roads and
        trails (lines, walked at path speed in the walking times).
    options : Options, optional
        radius_m, minutes, new_teams, year, lang, threshold, dpi, pdf, seed.
    progress : bool
        Show a progress bar (one line per step when stderr is not a terminal).

    Returns
    -------
    ReportResult

    Raises
    ------
    watchmap.InvalidInputError, watchmap.IoError
        Bad input (the message names file, layer and column) or a folder that cannot be written.

    Examples
    --------
    >>> r = watchmap.report.build_report("out", demo=True)
    >>> "report.pdf" in r.files and "watchmap.gpkg" in r.files
    True
    """
    from .. import __version__

    o = options or Options()
    W = words(o.lang)                      # checks lang before any work
    if o.radius_m <= 0 or o.minutes <= 0 or o.new_teams < 0 or not 0 < o.threshold <= 1:
        raise InvalidInputError(f"options: radius_m and minutes must be > 0, new_teams ≥ 0 and threshold in (0, 1] "
                                f"(got {o.radius_m}, {o.minutes}, {o.new_teams}, {o.threshold})")
    folder = OutputFolder(out)             # fails now, not after the work, when out is not writable
    prog = Progress(STEPS, stream=stream, enabled=progress)
    # The report draws its own bar: the calls inside draw none of theirs.
    with folder as tmp, prog.cleared_on_error(), _call_bars.silenced():
        prog.step("load")
        inputs = _inputs.load(demo=demo, seed=o.seed, district=district, hamlets=hamlets, teams=teams,
                              incidents=incidents, households=households, dem=dem, roads=roads)
        if inputs.demo is not None:
            inputs.demo.write(tmp / "data")
        ctx = _context(inputs, o, W, prog)
        done: Dict[str, Section] = {}
        for module in sections.RUN_ORDER:
            prog.step(module.KEY)
            t0 = time.perf_counter()
            sec = module.run(ctx)
            sec.seconds = time.perf_counter() - t0
            done[module.KEY] = ctx.sections[module.KEY] = sec

        prog.step("map.html")
        interactive.write(tmp / "map.html", ctx, done.values())
        prog.step("files")
        written = gpkg.write(tmp, list(done.values()))
        notes = []
        with_pdf = o.pdf and pdf.find_chromium() is not None
        if o.pdf and not with_pdf:
            notes.append("report.pdf not written: Chromium not found (apt-get install chromium, "
                         "or set WATCHMAP_CHROMIUM)")
        files = _file_list(ctx, written, with_pdf)
        prog.step("report.html")
        timings = dict(prog.timings)
        done["method"] = ctx.sections["method"] = sections.method.run(ctx, timings=timings, files=files)
        ordered = [done[k] for k in sections.PAGE_ORDER if k in done]
        name = ctx.district_name
        text = html.page(ctx, ordered, district_name=name, version=__version__)
        (tmp / "report.html").write_text(text, encoding="utf-8")
        if with_pdf:
            prog.step("report.pdf")
            try:
                pdf.print_pdf(tmp / "report.html", tmp / "report.pdf")
            except pdf.PdfError as error:
                notes.append(f"report.pdf not written: {error}")
        prog.done()
        timings = dict(prog.timings)
        facts = {k: s.facts for k, s in done.items() if s.facts}
        summary = {"watchmap": __version__, "district": name, "synthetic": ctx.synthetic, "year": ctx.year,
                   "years": ctx.years, "lang": o.lang, "sources": ctx.sources,
                   "options": {k: v for k, v in vars(o).items() if k != "date"},
                   "skipped": dict(ctx.skipped),
                   "facts": facts, "seconds": timings, "notes": notes}
        (tmp / "summary.json").write_text(json.dumps(_clean(summary), ensure_ascii=False, indent=2, default=_json),
                                          encoding="utf-8")
        path = folder.commit(__version__)
    names = sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file() and p.name[0] != ".")
    return ReportResult(path, facts, timings, names, dict(ctx.skipped), notes)


def _context(inputs, o: Options, W: dict, prog: Progress) -> Context:
    from .. import _map_furniture as F
    from ..district import _incident_years

    d = inputs.district
    years_all = np.asarray(_incident_years(d.incidents))
    years = sorted({int(y) for y in years_all if y > 0})
    if not years:
        raise InvalidInputError("incidents: no dated incident (a 'date' column YYYY-MM-DD or a 'year' column)")
    year = int(o.year) if o.year is not None else years[-1]
    if year not in years:
        raise InvalidInputError(f"--year {year}: no incident in {year} (the incidents cover "
                                f"{years[0]}–{years[-1]})")
    ctx = Context(district=d, households=inputs.households, options=o, words=W, map_words=F.words(o.lang),
                  synthetic=inputs.synthetic, sources=inputs.sources, year=year, years=years,
                  progress=prog.fraction)
    ctx.hamlet_metrics = pd.DataFrame(index=pd.RangeIndex(len(d.hamlets)))
    ctx.shared["incident_years"] = years_all
    if d.incidents.time is not None:
        ctx.shared["incident_dates"] = pd.to_datetime(np.asarray(d.incidents.time), unit="s")
    attrs = d.hamlets.attributes
    ctx.shared["n_communes"] = (int(attrs["commune"].nunique()) if "commune" in attrs else len(d.communes))
    return ctx


def _file_list(ctx, written: dict, with_pdf: bool) -> list:
    W = ctx.words
    files = []
    if with_pdf:
        files.append(("report.pdf", W["f_pdf"]))
    files += [("report.html", W["f_html"]), ("map.html", W["f_map"]),
              ("watchmap.gpkg", W["f_gpkg"].format(layers=", ".join(written["layers"])))]
    for r in written["rasters"]:
        files.append((r, W["f_density"] if r.startswith("density") else W["f_travel"]))
    files.append(("tables/*.csv", W["f_tables"] + ": " + ", ".join(Path(t).name for t in written["tables"])))
    files.append(("summary.json", W["f_summary"]))
    if ctx.synthetic:
        files.append(("data/", W["f_data"]))
    return files


def _clean(value):
    """NaN and infinities become null (JSON has no NaN)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


def _json(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
