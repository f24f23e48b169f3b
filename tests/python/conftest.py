"""Shared fixtures: where ../shared is, and skipping cleanly when it is absent (a user's clone)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def shared_file(relative: str) -> Path:
    """Path of a file under ../shared; skips the test when it is not there."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"reference data {relative} not available (../shared is absent)")
    return path


@pytest.fixture
def shared():
    return shared_file
