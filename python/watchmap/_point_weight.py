"""The ``weight=`` argument of count, kde and the analytics that sum points.

Default ``"auto"``: a PointSet that carries weights (``PointSet.weight``, set by
``read_points(..., weight="col")`` or assigned) is weighted by them; ``weight=None`` counts every
point once. Otherwise a point attribute name, or one number per point.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ._core import InvalidInputError, PointSet


def resolve(points: PointSet, weight, what: str = "weight") -> Optional[np.ndarray]:
    """The per-point weights to use (None = unweighted), checked for length and finiteness."""
    if weight is None:
        return None
    if isinstance(weight, str) and weight in ("auto", "weight"):
        if points.weight is not None:
            return np.array(points.weight)
        if weight == "auto":
            return None
    if isinstance(weight, str):
        frame = points.attributes
        if weight not in frame:
            raise InvalidInputError(f"{what}='{weight}': no such point attribute "
                                    f"(columns: {', '.join(frame.columns) or 'none'})")
        values = frame[weight].to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.asarray(weight, dtype=float)
    if values.shape != (len(points),):
        raise InvalidInputError(f"{what}: expected {len(points)} values, got shape {values.shape}")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        value = values[bad[0]]
        raise InvalidInputError(f"{what}: weight in row {int(bad[0])} is {'NaN' if np.isnan(value) else value}")
    return values
