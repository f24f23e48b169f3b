"""The one pattern for analysis results: compiled result classes (``_fields`` lists their named
fields) get the same ``__repr__``, notebook view and ``to_frame()`` here, so every analytic's
result looks and behaves alike (docs/DESIGN-NOTES.md "Result types").
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd


def _summary(value) -> str:
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return f"array(0 × {value.dtype})"
        if np.issubdtype(value.dtype, np.number):
            finite = value[np.isfinite(value)] if np.issubdtype(value.dtype, np.floating) else value
            if finite.size:
                return f"array({value.size:,} × {value.dtype}, {finite.min():.6g} … {finite.max():.6g})"
        return f"array({value.size:,} × {value.dtype})"
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _items(result):
    return [(name, getattr(result, name)) for name in type(result)._fields]


def result_repr(self) -> str:
    inner = ", ".join(f"{name}={_summary(value)}" for name, value in _items(self))
    return f"{type(self).__name__}({inner})"


def result_repr_html(self) -> str:
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
                   f"<td style='text-align:left'>{html.escape(_summary(value))}</td></tr>"
                   for name, value in _items(self))
    doc = (type(self).__doc__ or "").strip().splitlines()
    title = html.escape(doc[0]) if doc else ""
    return f"<div><strong>watchmap.{type(self).__name__}</strong> <small>{title}</small><table>{rows}</table></div>"


def result_to_frame(self) -> pd.DataFrame:
    """The result's per-item fields (its equal-length arrays) as a pandas DataFrame, one row per item.

    Examples
    --------
    >>> watchmap.nearest(d.incidents, d.teams).to_frame().head()
    """
    columns = {name: value for name, value in _items(self) if isinstance(value, np.ndarray) and value.ndim == 1}
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        longest = max(lengths)
        columns = {k: v for k, v in columns.items() if len(v) == longest}
    return pd.DataFrame({k: np.array(v) for k, v in columns.items()})


def attach(cls, *, tabular: bool = True) -> None:
    """Gives a compiled result class the shared repr, notebook view and (when tabular) to_frame."""
    cls.__repr__ = result_repr
    cls._repr_html_ = result_repr_html
    if tabular:
        cls.to_frame = result_to_frame
