"""Shared helpers for the benchmarks: best-of-N wall time and a one-line machine description."""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))


def best_of(fn, repeat: int = 3):
    """(best wall time in seconds, last result) over `repeat` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def machine() -> str:
    return (f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
            f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")


def row(name: str, seconds: float, items: int, anchor_seconds: float = None, anchor: str = "") -> str:
    rate = items / seconds if seconds > 0 else float("inf")
    text = f"{name:<44} {seconds * 1000:10.1f} ms  {rate / 1e6:8.2f} M/s"
    if anchor_seconds is not None:
        text += f"   {anchor}: {anchor_seconds * 1000:10.1f} ms  ratio {anchor_seconds / seconds:7.1f}x"
    return text
