"""Every notebook in examples/ runs top to bottom without error (they are documentation that must stay true)."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "examples/ should hold at least one notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    # the kernel runs in tmp_path: give it this checkout's package by absolute path (a relative
    # PYTHONPATH, or the .pth of another checkout, would run the notebooks against other code)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "python"), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


GUARDED = ["02_density_and_hotspots.ipynb", "03_coverage_and_travel_time.ipynb", "04_placing_new_teams.ipynb"]


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_cells_run_against_the_apis_of_issues_8_9_10(name, monkeypatch):
    """The cells that wait for hotspots/coverage/placement, run with stand-ins shaped like those APIs
    (tests/python/_standins.py), so they are known to work with the documented signatures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import _standins
    import watchmap as wm

    for fn_name, fn in _standins.ALL.items():
        if not hasattr(wm, fn_name):
            monkeypatch.setattr(wm, fn_name, fn, raising=False)
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    namespace = {}
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, f"{name}:{cell.get('id')}", "exec"), namespace)
    finally:
        plt.close("all")
