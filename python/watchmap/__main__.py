"""Command line: ``python3 -m watchmap report --demo --out DIR`` (also the ``watchmap`` script).

Writes the planner's report folder (report.html, report.pdf, map.html, watchmap.gpkg, density.tif,
tables/*.csv; see :mod:`watchmap.report`) and prints the headline numbers. Bad input gives one
line ``watchmap: error: ...`` naming the file, layer and column, and exit code 2; an earlier
report in ``--out`` is left as it was.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line too (the report's promise for every error)."""

    def error(self, message):  # noqa: D401 - argparse API
        self.exit(EXIT_BAD_INPUT, f"watchmap: error: {message} (see: {self.prog} --help)\n")


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _warning_line(message, category, filename, lineno, file=None, line=None):
    stream = file or sys.stderr
    stream.write(f"watchmap: warning: {_one_line(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python3 -m watchmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rep = sub.add_parser("report", help="the district report (HTML, PDF, interactive map, GeoPackage)",
                         description="Writes the district report folder.")
    source = rep.add_mutually_exclusive_group(required=True)
    source.add_argument("--demo", action="store_true", help="the built-in synthetic demo district (Bạch Thông model)")
    source.add_argument("--district", metavar="FOLDER",
                        help="folder with hamlets.gpkg, teams.csv, incidents.csv (lon/lat), optional dem.tif, households.csv, roads.gpkg")
    source.add_argument("--hamlets", metavar="FILE", help="hamlet polygons (GeoPackage, Shapefile, GeoJSON …) "
                        "with population and hamlet_id or name")
    rep.add_argument("--teams", metavar="FILE", help="team bases: CSV with lon/lat (WGS 84) or any vector file")
    rep.add_argument("--incidents", metavar="FILE", help="incidents: CSV with lon/lat and date, or any vector file")
    rep.add_argument("--households", metavar="FILE", help="households with a residents column (optional)")
    rep.add_argument("--dem", metavar="FILE", help="elevation model GeoTIFF (optional; for walking time)")
    rep.add_argument("--roads", metavar="FILE", help="roads and trails, lines (optional; walked at path speed)")
    rep.add_argument("--radius-m", type=float, default=2000.0, help="coverage radius in metres (default 2000)")
    rep.add_argument("--minutes", type=float, default=30.0, help="coverage walking time in minutes (default 30)")
    rep.add_argument("--new-teams", type=int, default=2, help="new teams to place (default 2)")
    rep.add_argument("--year", type=int, help="report year (default the latest year with incidents)")
    rep.add_argument("--lang", choices=("en", "vi"), default="en", help="language of the report (en, vi)")
    rep.add_argument("--threshold", type=float, default=0.8,
                     help="share of residents a hamlet needs covered (default 0.8)")
    rep.add_argument("--out", required=True, metavar="DIR", help="report folder (created; an earlier report is replaced)")
    rep.add_argument("--no-pdf", action="store_true", help="skip report.pdf (no Chromium needed)")
    rep.add_argument("--dpi", type=int, default=300, help="figure resolution (default 300, print quality)")
    rep.add_argument("--seed", type=int, default=0, help="demo district seed (default 0)")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _summary_lines(result) -> list:
    f = result.facts
    s, inc = f.get("summary", {}), f.get("incidents", {})
    lines = [f"Hamlets {s.get('hamlets')} in {s.get('communes')} communes, {s.get('teams')} teams, "
             f"{s.get('residents', 0):,} residents, {s.get('area_km2', 0):,.1f} km²",
             "Incidents per year (all / tips):"]
    years = sorted(int(k.split("_")[1]) for k in inc if k.startswith("incidents_") and k.split("_")[1].isdigit())
    for y in years:
        tips = inc.get(f"tips_{y}")
        lines.append(f"  {y}: {inc[f'incidents_{y}']:>6} / {tips if tips is not None else '–'}")
    cov = f.get("coverage")
    if cov:
        for label in ("distance", "time"):
            if f"residents_share_{label}" in cov:
                lines.append(f"Residents covered ({label}): {100 * cov[f'residents_share_{label}']:.1f} %")
    return lines


def report(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")           # files only; never open a window
    from .report import Options, build_report

    if args.hamlets is not None and (args.teams is None or args.incidents is None):
        missing = "--teams" if args.teams is None else "--incidents"
        print(f"watchmap: error: {missing} is required with --hamlets", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.hamlets is None and (args.teams or args.incidents or args.households or args.dem or args.roads):
        print("watchmap: error: --teams/--incidents/--households/--dem/--roads go with --hamlets "
              "(a --district folder holds its own files)", file=sys.stderr)
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    options = Options(radius_m=args.radius_m, minutes=args.minutes, new_teams=args.new_teams, year=args.year,
                      lang=args.lang, threshold=args.threshold, dpi=args.dpi, pdf=not args.no_pdf,
                      seed=args.seed)
    result = build_report(args.out, demo=args.demo, district=args.district, hamlets=args.hamlets,
                          teams=args.teams, incidents=args.incidents, households=args.households,
                          dem=args.dem, roads=args.roads, options=options, progress=not args.quiet)
    for line in result.warnings:
        print(f"watchmap: warning: {line}", file=sys.stderr)
    print("\n".join(_summary_lines(result)))
    for why in result.skipped.values():
        print(why)
    top = sorted({n.split("/")[0] + ("/" if "/" in n else "") for n in result.files})
    print(f"Report in {result.path}: {', '.join(top)} [{time.perf_counter() - started:.1f} s]")
    return 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    from ._core import WatchmapError

    warnings.showwarning = _warning_line
    try:
        return report(args)
    except KeyboardInterrupt:
        print("watchmap: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (WatchmapError, OSError) as error:
        print(f"watchmap: error: {_one_line(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 - a planner gets one line, a developer the traceback
        if os.environ.get("WATCHMAP_DEBUG"):
            raise
        print(f"watchmap: internal error: {type(error).__name__}: {_one_line(error)} "
              f"(set WATCHMAP_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
