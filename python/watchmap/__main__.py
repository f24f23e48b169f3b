"""Command line: ``python3 -m watchmap report --demo --out DIR``.

For now the report covers the district's data: what was read, per-year incident counts, areas and
population. Later stages add coverage, hotspots and maps to the same command.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _summary_lines(summary: dict) -> list:
    lines = [
        f"District:   {summary['name']}, {summary['area_km2']:,.1f} km² ({summary['crs']})",
        f"Communes:   {summary['communes']}",
        f"Hamlets:    {summary['hamlets']} (population {summary['population']:,})",
        f"Teams:      {summary['teams']}",
        "Incidents per year (all / tips):",
    ]
    for year in sorted(summary["incidents_per_year"]):
        tips = summary["tips_per_year"].get(year, 0)
        lines.append(f"  {year}:     {summary['incidents_per_year'][year]:>5} / {tips}")
    if summary.get("dem_range_m"):
        lo, hi = summary["dem_range_m"]
        lines.append(f"Terrain:    {lo:,.0f}–{hi:,.0f} m above sea level")
    return lines


def report(args: argparse.Namespace) -> int:
    from . import datasets

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.demo:
        data_dir = out / "data"
        _log(f"watchmap: generating the demo district (seed {args.seed}) …")
        t0 = time.perf_counter()
        demo = datasets.demo_district(seed=args.seed)
        _log(f"watchmap: generated in {time.perf_counter() - t0:.2f} s; writing {data_dir}")
        demo.write(data_dir)
    else:
        data_dir = Path(args.district)
    _log(f"watchmap: reading {data_dir} (hamlets.gpkg, teams.csv, incidents.csv, dem.tif)")
    district = datasets.read_district(data_dir)
    summary = district.summary()
    names = district.boundary.attributes
    summary["name"] = str(names["name"].iloc[0]) if "name" in names else data_dir.name
    summary["crs"] = str(district.crs)
    dem = district.dem
    values = np.asarray(dem.values)
    valid = values[~np.isnan(values)] if dem.nodata is None else values[(values != dem.nodata) & ~np.isnan(values)]
    summary["dem_range_m"] = [float(valid.min()), float(valid.max())] if valid.size else None
    lines = _summary_lines(summary)
    text = "\n".join(lines) + "\n"
    tmp = out / ".summary.txt.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out / "summary.txt")
    tmp = out / ".summary.json.tmp"
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, out / "summary.json")
    print(text, end="")
    print(f"Files in {out}: data/ (the district's inputs), summary.txt, summary.json "
          f"[{time.perf_counter() - started:.1f} s]")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m watchmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="district report (data summary for now)")
    source = rep.add_mutually_exclusive_group(required=True)
    source.add_argument("--demo", action="store_true", help="use the built-in demo district (Bạch Thông model)")
    source.add_argument("--district", metavar="FOLDER",
                        help="folder with hamlets.gpkg, teams.csv, incidents.csv (lon/lat) and dem.tif")
    rep.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    rep.add_argument("--seed", type=int, default=0, help="demo district seed (default 0)")
    args = parser.parse_args(argv)
    from ._core import WatchmapError

    try:
        return report(args)
    except WatchmapError as error:
        print(f"watchmap: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
