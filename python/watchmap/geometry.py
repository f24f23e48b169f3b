"""Pythonic behaviour of PointSet and PolygonSet: row selection, attribute columns, ``assign``.

The compiled classes are the public classes (one class per concept); these functions are attached
to them in ``watchmap/__init__.py``.

Selection follows numpy: ``layer[3]`` (a one-row layer), ``layer[2:10]``, ``layer[mask]`` (a
boolean array as long as the layer), ``layer[[4, 1, 1]]`` (integers, negatives count from the
end). A mask of the wrong length or float indices are errors, never silently reinterpreted.

``layer.attributes`` is a read-only pandas DataFrame (converted once and cached; each access is a
copy of the cache): change columns with ``layer.attributes = frame`` or get a new layer with
``layer.assign(col=...)``.
"""
from __future__ import annotations

import copy
import weakref
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from . import _frames
from ._core import InvalidInputError

_attribute_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

Layer = TypeVar("Layer")  # the class the method is attached to (PointSet or PolygonSet)


def rows(layer, index, what: str = "index") -> np.ndarray:
    """Row numbers (int64) selected by ``index``; IndexError/TypeError with the reason otherwise."""
    n = len(layer)
    name = type(layer).__name__
    if isinstance(index, (bool, np.bool_)):
        raise TypeError(f"{name}[{index!r}]: a single boolean is not an index; use a boolean array of length {n}")
    if isinstance(index, (int, np.integer)):
        i = int(index)
        if not -n <= i < n:
            raise IndexError(f"{name}: row {i} is out of range for {n} rows")
        return np.array([i % n], dtype=np.int64)
    if isinstance(index, slice):
        return np.arange(n, dtype=np.int64)[index]
    arr = np.asarray(index)
    if arr.dtype == object and arr.size and all(isinstance(v, (bool, np.bool_)) for v in arr.ravel()):
        arr = arr.astype(bool)
    if arr.ndim != 1:
        raise IndexError(f"{name} {what}: expected a 1-D index, got shape {arr.shape}")
    if arr.dtype == bool:
        if arr.shape[0] != n:
            raise IndexError(f"{name} {what}: boolean mask has {arr.shape[0]} entries for {n} rows")
        return np.flatnonzero(arr).astype(np.int64)
    if arr.size == 0:
        return np.empty(0, dtype=np.int64)
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} {what}: indices must be integers or a boolean mask, not {arr.dtype} "
                        f"(e.g. {arr[0]!r})")
    bad = np.flatnonzero((arr < -n) | (arr >= n))
    if bad.size:
        raise IndexError(f"{name} {what}: row {int(arr[bad[0]])} is out of range for {n} rows")
    return np.where(arr < 0, arr + n, arr).astype(np.int64)


def getitem(self: Layer, index: Any) -> Layer:
    """``layer[index]``: the selected rows as a new layer of the same type (see module docs)."""
    return self._take(rows(self, index))


def take(self: Layer, indices: Any) -> Layer:
    """The rows at ``indices`` (integers or a boolean mask), in that order, with their attributes.

    Examples
    --------
    >>> tips = d.incidents.take(d.incidents.attributes["source"] == "tip")
    >>> first_ten = d.incidents.take(np.arange(10))
    """
    return self._take(rows(self, indices, "take"))


class ReadOnlyAttributes(pd.DataFrame):
    """The DataFrame returned by ``layer.attributes``: reading works as usual, any change in place
    raises (it would be lost). Derived frames (``.copy()``, ``.assign()``, filtering) are ordinary
    DataFrames."""

    _metadata = ["_layer_name"]

    @property
    def _constructor(self):
        return pd.DataFrame

    def _refuse(self, *args, **kwargs):
        layer = getattr(self, "_layer_name", "layer")
        raise InvalidInputError(
            f"{layer}.attributes is read-only (a change here would be lost). Edit a copy and assign it back: "
            f"frame = {layer}.attributes.copy(); frame['col'] = …; {layer}.attributes = frame — or make a new "
            f"layer with {layer}.assign(col=…)")

    __setitem__ = __delitem__ = insert = pop = update = _update_inplace = _refuse

    def _set_item(self, *args, **kwargs):
        self._refuse()

    @property
    def loc(self):
        return _ReadOnlyIndexer(super().loc, self._refuse)

    @property
    def iloc(self):
        return _ReadOnlyIndexer(super().iloc, self._refuse)

    @property
    def at(self):
        return _ReadOnlyIndexer(super().at, self._refuse)

    @property
    def iat(self):
        return _ReadOnlyIndexer(super().iat, self._refuse)


class _ReadOnlyIndexer:
    def __init__(self, indexer, refuse):
        self._indexer, self._refuse = indexer, refuse

    def __getitem__(self, key):
        return self._indexer[key]

    def __setitem__(self, key, value):
        self._refuse()

    def __call__(self, *args, **kwargs):
        return _ReadOnlyIndexer(self._indexer(*args, **kwargs), self._refuse)


def get_attributes(self) -> pd.DataFrame:
    """Attribute columns as a read-only pandas DataFrame (cached until the layer's columns change).

    Assign a DataFrame to replace them (``layer.attributes = frame``) or use ``layer.assign``.
    """
    cached = _attribute_cache.get(self)
    if cached is None:
        cached = _frames.columns_to_frame(self._attribute_columns(), len(self))
        _attribute_cache[self] = cached
    # A deep copy (a memcpy per column; object columns copy references only): frames handed out
    # share no memory with the cache, so pandas or GeoPandas writing into them cannot change it.
    out = ReadOnlyAttributes(cached.copy())
    out._layer_name = {"PointSet": "points", "LineSet": "lines"}.get(type(self).__name__, "polygons")
    return out


def set_attributes(self, frame: Any) -> None:
    _attribute_cache.pop(self, None)
    if frame is None:
        self._set_attribute_columns(None)
        return
    self._set_attribute_columns(_frames.frame_to_columns(pd.DataFrame(frame).reset_index(drop=True), len(self)))


def assign(self: Layer, **columns: Any) -> Layer:
    """A copy of the layer with columns added or replaced (like ``DataFrame.assign``).

    Examples
    --------
    >>> hamlets = d.hamlets.assign(density_per_km2=d.hamlets.attributes["population"] / areas_km2)
    """
    out = copy.copy(self)
    out.attributes = pd.DataFrame(self.attributes).assign(**columns)
    return out
