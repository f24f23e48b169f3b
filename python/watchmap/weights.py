"""Spatial weights: the compiled :class:`watchmap.Weights` plus GAL files, neighbour lists and
scipy.sparse conversion (attached to the class by :func:`attach`)."""
from __future__ import annotations

import os
from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np

from ._core import InvalidInputError, Weights

PathLike = Union[str, "os.PathLike[str]"]


def from_neighbors(neighbors, weights=None, *, ids: Optional[Sequence] = None) -> Weights:
    """Weights from neighbour lists.

    Parameters
    ----------
    neighbors : list of lists, or dict {id: [ids]}
        ``neighbors[i]`` lists the neighbours of unit i (0-based positions). A dict (libpysal's
        ``W.neighbors``) maps ids to neighbour ids; units are then ordered as ``ids`` (default: the
        dict's order).
    weights : same shape as ``neighbors``, optional
        One weight per neighbour; default 1 (binary weights).
    ids : sequence, optional
        Unit order for a dict.

    Returns
    -------
    Weights

    Examples
    --------
    >>> w = watchmap.Weights.from_neighbors([[1], [0, 2], [1]])
    >>> w.cardinalities
    array([1, 2, 1])
    >>> w = watchmap.Weights.from_neighbors({"a": ["b"], "b": ["a"]})
    """
    if isinstance(neighbors, Mapping):
        order = list(neighbors) if ids is None else list(ids)
        position = {key: k for k, key in enumerate(order)}
        missing = [key for key in neighbors if key not in position]
        if missing:
            raise InvalidInputError(f"from_neighbors: ids {missing[:5]} are not in ids=")
        try:
            lists = [[position[j] for j in neighbors.get(key, [])] for key in order]
        except KeyError as err:
            raise InvalidInputError(f"from_neighbors: neighbour {err.args[0]!r} is not a unit id") from None
        if weights is not None:
            weights = [list(weights.get(key, [])) for key in order] if isinstance(weights, Mapping) else weights
    else:
        lists = [[int(j) for j in row] for row in neighbors]
    n = len(lists)
    for i, row in enumerate(lists):
        for j in row:
            if not 0 <= j < n:
                raise InvalidInputError(f"from_neighbors: unit {i} names neighbour {j}, outside 0..{n - 1}")
    w = [] if weights is None else [[float(v) for v in row] for row in weights]
    return Weights._from_neighbors(lists, w)


def read_gal(path: PathLike, ids: Optional[Sequence[Any]] = None) -> Weights:
    """Read a GAL file (GeoDa / libpysal contiguity).

    The header is ``n`` or ``0 n name idvar``; then for each unit a line ``id k`` and a line of
    its k neighbour ids. Units are ordered as ``ids`` when given (e.g. a polygon layer's id
    column, so the weights follow the layer's features), else in the order the file lists them.

    Examples
    --------
    >>> polyid = watchmap.read_polygons("columbus.shp", crs="local").attributes["POLYID"]
    >>> w = watchmap.Weights.read_gal("columbus.gal", ids=polyid)
    """
    with open(path, encoding="utf-8") as handle:
        lines = [line.split() for line in handle if line.strip()]
    if not lines:
        raise InvalidInputError(f"{path}: empty GAL file")
    head = lines[0]
    n = int(head[0]) if len(head) == 1 else int(head[1])
    entries, pos = [], 1
    for _ in range(n):
        if pos >= len(lines) or len(lines[pos]) < 2:
            raise InvalidInputError(f"{path}: expected {n} units, the file ends early (line {pos + 1})")
        uid, k = lines[pos][0], int(lines[pos][1])
        neighbours = lines[pos + 1] if k else []
        pos += 2 if k else 1
        if len(neighbours) != k:
            raise InvalidInputError(f"{path}: unit {uid} should list {k} neighbours, the line has {len(neighbours)}")
        entries.append((uid, neighbours))
    order = [e[0] for e in entries] if ids is None else [str(i) for i in ids]
    if ids is not None and len(order) != n:
        raise InvalidInputError(f"{path}: {n} units in the file but {len(order)} ids given")
    return from_neighbors({uid: nb for uid, nb in entries}, ids=order)


def write_gal(self: Weights, path: PathLike, ids: Any = None) -> None:
    """Write the neighbour structure as a GAL file (weights are not stored: GAL is binary).

    ``ids`` names the units (default 0..n-1); the file round-trips through :meth:`Weights.read_gal`.

    Examples
    --------
    >>> w.write_gal("hamlets.gal", ids=d.hamlets.attributes["hamlet_id"])
    """
    names = [str(i) for i in (range(self.n) if ids is None else ids)]
    if len(names) != self.n:
        raise InvalidInputError(f"write_gal: {len(names)} ids for {self.n} units")
    indptr, indices = np.asarray(self.indptr), np.asarray(self.indices)
    rows = [f"{self.n}\n"]
    for i in range(self.n):
        nb = [names[j] for j in indices[indptr[i]:indptr[i + 1]] if j != i]
        rows.append(f"{names[i]} {len(nb)}\n")
        rows.append(" ".join(nb) + "\n")
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.writelines(rows)
    os.replace(tmp, path)


def from_sparse(matrix) -> Weights:
    """Weights from a square scipy.sparse matrix (or a dense 2-D array); zeros are dropped.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> w = watchmap.Weights.from_sparse(sp.csr_matrix(np.array([[0, 1], [1, 0]])))
    """
    import scipy.sparse as sp

    m = sp.csr_matrix(matrix, dtype=float)
    if m.shape[0] != m.shape[1]:
        raise InvalidInputError(f"from_sparse: the matrix must be square, not {m.shape[0]} x {m.shape[1]}")
    m.sum_duplicates()
    m.eliminate_zeros()
    m.sort_indices()
    values = m.data
    style = "B" if values.size and np.all(values == 1.0) else "O"
    return Weights(m.indptr.astype(np.int64), m.indices.astype(np.int64), values, style)


def to_sparse(self: Weights):
    """The weights as a scipy.sparse.csr_matrix (n × n).

    Examples
    --------
    >>> w.to_sparse() @ values      # the spatial lag, as w.lag(values)
    """
    import scipy.sparse as sp

    return sp.csr_matrix((np.array(self.values), np.array(self.indices), np.array(self.indptr)),
                         shape=(self.n, self.n))


def weights_repr(self: Weights) -> str:
    card = np.asarray(self.cardinalities)
    mean = f"{card.mean():.2f}" if card.size else "0"
    return (f"Weights(n={self.n:,}, links={self.nnz:,}, style='{self.style}', mean neighbours={mean}, "
            f"islands={len(self.islands)}{', diagonal' if self.has_diagonal else ''})")


def attach() -> None:
    """Adds the Python-side constructors and methods to the compiled Weights class."""
    Weights.from_neighbors = staticmethod(from_neighbors)
    Weights.read_gal = staticmethod(read_gal)
    Weights.from_sparse = staticmethod(from_sparse)
    Weights.write_gal = write_gal
    Weights.to_sparse = to_sparse
    Weights.__repr__ = weights_repr
