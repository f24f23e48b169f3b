"""Shared fixtures: where ../shared is, and skipping cleanly when it is absent (a user's clone)."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

# scripts/sanitize.sh runs this process with the ASan runtime preloaded and the instrumented
# extension first on PYTHONPATH (WATCHMAP_SANITIZED_RUN names its folder; checked here). Child processes (Chromium, PostgreSQL, `python -m watchmap`,
# notebook kernels, the Ctrl-C subprocesses) must not inherit the preload — Chromium and
# PostgreSQL do not start under it — so they run the normal build.
if os.environ.get("WATCHMAP_SANITIZED_RUN"):
    import watchmap._core

    if Path(watchmap._core.__file__).parent != Path(os.environ["WATCHMAP_SANITIZED_RUN"]):
        raise RuntimeError(f"sanitizer run imported {watchmap._core.__file__}, not the instrumented build")
    os.environ.pop("LD_PRELOAD", None)
    os.environ["PYTHONPATH"] = str(ROOT / "python")


def shared_file(relative: str) -> Path:
    """Path of a file under ../shared; skips the test when it is not there."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"reference data {relative} not available (../shared is absent)")
    return path


@pytest.fixture
def shared():
    return shared_file


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """One ``python3 -m watchmap report --demo`` run shared by the report and CLI tests."""
    import json
    import os
    import subprocess
    import sys
    import types

    out = tmp_path_factory.mktemp("report") / "demo"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python")}
    run = subprocess.run([sys.executable, "-m", "watchmap", "report", "--demo", "--out", str(out)],
                         capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return types.SimpleNamespace(out=out, run=run, summary=summary, env=env)


@pytest.fixture
def ctrl_c():
    """Python's Ctrl-C handler for the duration of a test: a suite started in the background by a
    non-interactive shell inherits SIGINT ignored, and then no KeyboardInterrupt can happen."""
    import signal

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)
