"""Progress bars and Ctrl-C for long reads and writes (issue 12)."""
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import watchmap as wm
from watchmap import _progress

ROOT = Path(__file__).resolve().parents[2]

# A long write into an existing GeoPackage; prints "started" just before the call.
LONG_WRITE = textwrap.dedent("""
    import sys, time
    import numpy as np
    import watchmap as wm
    path = sys.argv[1]
    n = 3_000_000
    rng = np.random.default_rng(0)
    p = wm.PointSet(rng.uniform(5e5, 6e5, n), rng.uniform(2.4e6, 2.5e6, n), crs="EPSG:32648")
    print("started", flush=True)
    try:
        p.write(path, layer="incidents", progress=False)
    except KeyboardInterrupt:
        print("interrupted", time.monotonic(), flush=True)
        raise SystemExit(3)
    print("finished", flush=True)
""")


def test_ctrl_c_stops_a_long_write_quickly_and_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "d.gpkg"
    wm.PointSet([580000.0], [2450000.0], crs="EPSG:32648").write(path, layer="teams")
    proc = subprocess.Popen([sys.executable, "-c", LONG_WRITE, str(path)], stdout=subprocess.PIPE, text=True,
                            env={"PYTHONPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin"})
    assert proc.stdout.readline().strip() == "started"
    time.sleep(1.5)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    line = proc.stdout.readline().split()
    assert proc.wait(timeout=30) == 3 and line[0] == "interrupted"
    assert float(line[1]) - sent < 0.5
    assert wm.list_layers(path) == ["teams"]                  # nothing partial was committed


def test_bar_draws_on_a_stream_after_the_delay():
    stream = io.StringIO()
    bar = _progress.Bar("writing x.gpkg", total=200, unit="features", delay_s=0.0, stream=stream, jupyter=False)
    bar.update(0.5)
    bar.close()
    text = stream.getvalue()
    assert "writing x.gpkg:  50%|" in text and "100/200 features" in text and text.endswith("\n")
    quiet = io.StringIO()
    late = _progress.Bar("reading", delay_s=60.0, stream=quiet, jupyter=False)
    late.update(0.5)
    late.close()
    assert quiet.getvalue() == ""                              # short calls stay silent


def test_progress_argument_forms():
    assert _progress.make_hook(False, "x") == (None, None)
    f = lambda fraction: None  # noqa: E731
    assert _progress.make_hook(f, "x")[0] is f
    hook, bar = _progress.make_hook(True, "x")
    assert callable(hook) and bar is not None
    with pytest.raises(TypeError, match="progress must be"):
        _progress.make_hook("yes", "x")


def test_reads_report_progress_to_a_callable(tmp_path):
    rng = np.random.default_rng(0)
    p = wm.PointSet(rng.uniform(5e5, 6e5, 2000), rng.uniform(2.4e6, 2.5e6, 2000), crs="EPSG:32648")
    seen = []
    p.write(tmp_path / "p.gpkg", progress=seen.append)
    assert seen and seen[-1] == 1.0
    seen.clear()
    wm.read_points(tmp_path / "p.gpkg", progress=seen.append)
    assert seen and seen[-1] == 1.0
