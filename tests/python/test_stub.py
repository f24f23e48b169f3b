"""The committed type stub python/watchmap/_core.pyi names everything the compiled module exports."""
import ast
from pathlib import Path

import watchmap._core as core

STUB = Path(__file__).resolve().parents[2] / "python" / "watchmap" / "_core.pyi"


def _stub_names():
    tree = ast.parse(STUB.read_text())
    names, members = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            members[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
    return names, members


def test_stub_lists_every_public_function_and_class():
    names, members = _stub_names()
    exported = {n for n in dir(core) if not n.startswith("__")}
    missing = sorted(exported - names - {"__version__"})
    assert not missing, f"regenerate the stub with scripts/gen_stub.sh; missing: {missing}"
    for cls in ("PointSet", "PolygonSet", "Grid", "Raster", "Crs"):
        public = {m for m in vars(getattr(core, cls)) if not m.startswith("_")}
        assert public <= members[cls], f"{cls}: stub lacks {sorted(public - members[cls])}"
