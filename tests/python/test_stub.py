"""The committed type stub python/watchmap/_core.pyi is what scripts/gen_stub.py makes from the
built module (signatures from pybind11, not from doc examples), and typed use of the API checks
with mypy --strict against it."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.children
def test_stub_is_generated_from_the_module():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_stub.py"), "--check"], capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr


def test_stub_has_no_signature_taken_from_an_example():
    text = (ROOT / "python" / "watchmap" / "_core.pyi").read_text()
    assert "def make_valid(polygons: PolygonSet, *, strict: bool = ...) -> PolygonSet" in text
    assert "validity_problems" in text and text.count("def validity_problems(") == 1
    assert "d.hamlets" not in text and ">>>" not in text


@pytest.mark.children
def test_typed_use_passes_mypy_strict(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", "--follow-imports=silent",
                          "--cache-dir", str(tmp_path / "cache"), str(ROOT / "tests" / "typing" / "usage.py")],
                         capture_output=True, text=True, cwd=ROOT,
                         env={"MYPYPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stdout + run.stderr
