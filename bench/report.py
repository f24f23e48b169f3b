"""The planner's report end to end: ``python3 -m watchmap report --demo --out DIR``, as the README
runs it (a fresh process each time, PDF included), with the time of every step from the report's own
summary.json. Target (issue 11): under 60 s on this machine class.

    flock /tmp/watchmap-build.lock env PYTHONPATH=python /usr/bin/python3 bench/report.py [--runs 3] [--lang vi]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import machine

ROOT = Path(__file__).resolve().parents[1]


def one_run(out: Path, extra) -> tuple:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "watchmap", "report", "--demo", "--out", str(out), "--quiet",
                          *extra], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return wall, summary["seconds"], summary["skipped"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    print(machine())
    walls, steps = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            wall, seconds, skipped = one_run(Path(tmp) / "demo", ["--lang", args.lang])
            walls.append(wall)
            for k, v in seconds.items():
                steps.setdefault(k, []).append(v)
        sizes = {p.name: p.stat().st_size for p in (Path(tmp) / "demo").iterdir() if p.is_file()}
    print(f"skipped: {'; '.join(skipped.values()) or 'nothing'}")
    print(f"{'step':<14} {'median s':>9} {'min s':>7}")
    for k, v in steps.items():
        print(f"{k:<14} {statistics.median(v):9.2f} {min(v):7.2f}")
    print(f"{'end to end':<14} {statistics.median(walls):9.2f} {min(walls):7.2f}   (process start to exit, "
          f"{args.runs} runs; target < 60 s)")
    print("file sizes:", ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(sizes.items())))


if __name__ == "__main__":
    main()
