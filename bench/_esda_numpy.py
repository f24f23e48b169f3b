"""Exact, vectorised numpy reference for the PySAL esda hotspot statistics (esda v2.10 semantics).

Specification for watchmap's C++ hotspot code and the live anchor in the hotspot benchmark. Pure
numpy (scipy only for the normal tail when available, else math.erfc). Every formula below is
checked against the esda oracle in /work/shared/oracle/hotspots by bench/_check_esda_numpy.py.

Notation: x (n values), W sparse weights (CSR: indptr, indices, data; column indices ascending in
each row), w_ii the diagonal ("self") weight, c_i the number of non-zero off-diagonal weights,
W_i = sum_j w_ij, S1_i = sum_j w_ij^2 (both including w_ii when present), lag_i = sum_j w_ij x_j.

Weights
  queen/rook lattice: id = row*ncols + col (libpysal lat2W); GAL files; explicit neighbour lists;
  distance band (binary, d <= threshold, libpysal DistanceBand). Row-standardisation w_ij / W_i
  (transform "R"); binary "B" sets every stored weight to 1. s0 = sum w, s1 = 1/2 sum (w_ij+w_ji)^2,
  s2 = sum_i (row_i + col_i)^2 (Cliff & Ord).

Getis-Ord Gi* (ArcGIS / spdep localG; esda G_Local(transform="B", star=True) gives the same z)
  z_i = (lag_i - xbar W_i) / (S sqrt((n S1_i - W_i^2)/(n-1))), xbar mean, S population sd, sums with
  the self weight (1 unless given). Invariant to scaling row i. Gi (star=False, spdep localG):
  the same with unit i removed: n -> n-1, xbar_i = (sum x - x_i)/(n-1),
  S_i^2 = (sum x^2 - x_i^2)/(n-1) - xbar_i^2, and no self weight.
  esda's moments: Gs = lag_i / (sum x - [not star] x_i), EGs = W_i/N, VGs = W_i (N-W_i)/(N-1)/N^2
  * S_i^2/xbar_i^2 (N = n or n-1); Zs = (Gs-EGs)/sqrt(VGs) equals z only for binary weights
  (esda's variance assumes S1_i = W_i; with row-standardised weights esda's Zs differs).
  p_norm: esda one-sided sf(|z|); ArcGIS/DESIGN two-sided 2 sf(|z|).

Local Moran (Anselin 1995; esda Moran_Local, transformation "r")
  z_i = (x_i - xbar)/S, lag_i = sum_j w_ij z_j, Is_i = (n-1) z_i lag_i / sum z^2.
  q: 1 HH (z>0, lag>0), 2 LH (z<=0, lag>0), 3 LL (z<=0, lag<=0), 4 HL (z>0, lag<=0).
  Total randomisation (Sokal et al. 1998 A3/A4, as esda): EI_i = -W_i/(n-1),
  VI_i = S1_i (n - b2)/(n-1) + (W_i^2 - S1_i)(2 b2 - n)/((n-1)(n-2)) - W_i^2/(n-1)^2,
  b2 = m4/m2^2, m2 = sum z^2/n, m4 = sum z^4/n (sample kurtosis; the oracle matches this to
  4e-12). Surprise: the esda moran.py sources in the public index write m4 = z**4/n (per unit);
  b2="per_unit" reproduces that variant, which differs from the oracle by up to 4.7 % in VI.
  Conditional (Sokal A7/A8): EIc_i = -z_i^2 W_i/((n-1) m2),
  VIc_i = (z_i/m2)^2 n/(n-2) (S1_i - W_i^2/(n-1)) (m2 - z_i^2/(n-1)). Z = (Is - E)/sqrt(V).
  spdep localmoran(conditional=FALSE/TRUE) corresponds to the total/conditional pair.

Global Moran (Cliff & Ord; esda Moran; spdep moran.test)
  I = n/s0 * sum_i z_i lag_i / sum z^2 (z = x - xbar), EI = -1/(n-1),
  VI_norm = (n^2 s1 - n s2 + 3 s0^2)/((n^2-1) s0^2) - EI^2,
  VI_rand = [n((n^2-3n+3)s1 - n s2 + 3 s0^2) - k((n^2-n)s1 - 2n s2 + 6 s0^2)]
            / ((n-1)(n-2)(n-3) s0^2) - EI^2, k = (sum z^4/n)/(sum z^2/n)^2,
  z = (I-EI)/sqrt(V), p two-sided = 2 sf(|z|).

Conditional permutation (esda crand)
  Table T: R rows of indices into the n-1 values with unit i removed (the value at position t is
  x[t] if t < i else x[t+1]). esda's table for a seed s is numpy's legacy
  RandomState(s).permutation(n-1)[:max_c] per row, rows drawn in order (numba's np.random.choice
  without replacement = permutation prefix; MT19937 init_genrand(s) = C++ std::mt19937(s); shuffle
  = for i = m-1..1: j = masked-rejection uniform on [0, i]; swap(a[i], a[j])). Unit i's draw k pairs
  its off-diagonal weights (ascending column order) with T[k, 0..c_i-1]; the self term is fixed.
  Gi*: sim = (sum_j w_j x[T'] + w_ii x_i)/sum x  (Gi: sum_j w_j x[T'] / (sum x - x_i)), with the
  weights exactly as the observed statistic uses them (binary + self 1 in the oracle).
  Local Moran: sim = z_i (sum_j w_j z[T'] + w_ii z_i) (n-1)/sum z^2 with row-standardised w.
  Summation: acc = 0; for j in draw order: acc += w_j * value (no FMA); obs uses the CSR lag in
  ascending column order. With ties="esda" (default) sims and obs are compared as the floating
  values above; this reproduces esda bit-for-bit on the oracle, where mathematically tied draws
  (same neighbour pair drawn again) are decided by rounding. ties="exact" compares the key
  sign_i * sum_j x_j (ascending order; exact for integer counts) instead: identical for Gi*
  on count data (same percentile rule), but it changes most Local Moran p-values on grid200.
  p-values over the R sims s_k and observed o (all (count+1)/(R+1)):
    greater  #{s >= o};   lesser #{s <= o};
    directed (esda legacy default) g = #{s >= o}; if R - g < g: g = R - g;
    two-sided (DESIGN, folded; esda "folded") #{|s - sbar| >= |o - sbar|}, sbar = mean(s);
    percentile (esda 2.10 alternative="two-sided"): P = 100 #{s <= o}/R, pl = min(P, 100-P),
      lo = pct(s, pl), hi = pct(s, 100-pl), count #{s <= lo} + #{s >= hi}; pct = numba's
      np.percentile (rank r = 1 + (R-1) q/100, f = floor r, m = r - f,
      s_(f) (1-m) + s_(f+1) m, 1-based order statistics) or numpy's (a + (b-a) t). The two
      differ only between tied sims. Degenerate: all sims equal gives (2R+1)/(R+1) > 1.
  expected_sim = mean(s), sd_sim = std(s, ddof=0), z_sim = (o - mean)/sd, p_z_sim = sf(|z_sim|).
  esda stores crand p_sim as float32 (0.387 -> 0.386999994516); we return exact float64.
  Global Moran permutations (esda Moran) shuffle all of z: sim_k = I(RandomState(seed)
  .permutation(z)) for k = 1..R; the oracle was made with seed 12345 and is reproduced exactly.

Multiple testing: fdr(p, alpha) = esda.fdr: sort p descending, cut-off_k = k alpha/n for rank k
  (1 = smallest); return the cut-off at the largest k with p_(k) < k alpha/n, else alpha/n.
  Significant iff p < cut-off (= the Benjamini-Hochberg rejection set).
ArcGIS Gi_Bin: sign(z) * (3 if p < c_.01, 2 if p < c_.05, 1 if p < c_.10, else 0) with
  c_a = a (no FDR) or c_a = fdr(p, a) (FDR), p the two-sided p-value.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

try:  # same routine esda uses (scipy.stats.norm.sf -> ndtr)
    from scipy.special import ndtr as _ndtr

    def norm_sf(z):
        """Upper normal tail P(Z > z)."""
        return _ndtr(-np.asarray(z, dtype=float))
except ImportError:  # pragma: no cover
    _erfc = np.vectorize(math.erfc, otypes=[float])

    def norm_sf(z):
        """Upper normal tail P(Z > z)."""
        return 0.5 * _erfc(np.asarray(z, dtype=float) / math.sqrt(2.0))


# --------------------------------------------------------------------------------------------
# Sparse weights
# --------------------------------------------------------------------------------------------
@dataclass
class Weights:
    """CSR spatial weights: row i's neighbours indices[indptr[i]:indptr[i+1]] (ascending)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    @property
    def rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.n), np.diff(self.indptr))

    def lag(self, x) -> np.ndarray:
        """sum_j w_ij x_j, summed sequentially per row in stored order (as scipy csr matvec)."""
        x = np.asarray(x, dtype=float)
        return np.bincount(self.rows, weights=self.data * x[self.indices], minlength=self.n)

    def row_sums(self) -> np.ndarray:
        return np.bincount(self.rows, weights=self.data, minlength=self.n)

    def row_sq_sums(self) -> np.ndarray:
        return np.bincount(self.rows, weights=self.data * self.data, minlength=self.n)

    def diagonal(self) -> np.ndarray:
        d = np.zeros(self.n)
        m = self.rows == self.indices
        d[self.indices[m]] = self.data[m]
        return d

    def cardinality(self) -> np.ndarray:
        """Number of non-zero off-diagonal weights per row (esda crand's c_i)."""
        m = (self.rows != self.indices) & (self.data != 0)
        return np.bincount(self.rows[m], minlength=self.n)

    def _filter(self, keep) -> "Weights":
        counts = np.bincount(self.rows[keep], minlength=self.n)
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return Weights(indptr, self.indices[keep].copy(), self.data[keep].copy())

    def without_diagonal(self) -> "Weights":
        return self._filter((self.rows != self.indices) & (self.data != 0))

    def with_diagonal(self, value=1.0) -> "Weights":
        """Set w_ii = value (scalar or per-unit array) for every unit; other weights unchanged."""
        base = self.without_diagonal()
        vals = np.broadcast_to(np.asarray(value, dtype=float), (self.n,))
        rows = np.concatenate([base.rows, np.arange(self.n)])
        cols = np.concatenate([base.indices, np.arange(self.n)])
        data = np.concatenate([base.data, vals])
        keep = data != 0
        return from_coo(rows[keep], cols[keep], data[keep], self.n)

    def binary(self) -> "Weights":
        return Weights(self.indptr.copy(), self.indices.copy(), (self.data != 0).astype(float))

    def row_standardize(self) -> "Weights":
        """w_ij / W_i (rows with W_i = 0 are left at zero)."""
        rs = self.row_sums()
        inv = np.divide(1.0, rs, out=np.zeros_like(rs), where=rs != 0)
        return Weights(self.indptr.copy(), self.indices.copy(), self.data * inv[self.rows])

    def s0_s1_s2(self):
        """Cliff-Ord constants: s0 = sum w, s1 = 1/2 sum (w_ij + w_ji)^2, s2 = sum (r_i + c_i)^2."""
        n = self.n
        r, c, d = self.rows, self.indices, self.data
        s0 = d.sum()
        key = np.concatenate([r * n + c, c * n + r])
        val = np.concatenate([d, d])
        u, inv = np.unique(key, return_inverse=True)
        sym = np.bincount(inv, weights=val)
        s1 = 0.5 * (sym * sym).sum()
        rsum = np.bincount(r, weights=d, minlength=n)
        csum = np.bincount(c, weights=d, minlength=n)
        s2 = ((rsum + csum) ** 2).sum()
        return s0, s1, s2

    def to_dense(self) -> np.ndarray:
        a = np.zeros((self.n, self.n))
        a[self.rows, self.indices] = self.data
        return a


def from_coo(rows, cols, data, n) -> Weights:
    """CSR from (row, col, value) triplets; duplicates summed; columns ascending per row."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    data = np.asarray(data, dtype=float)
    order = np.lexsort((cols, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    if len(rows):
        first = np.ones(len(rows), bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        grp = np.cumsum(first) - 1
        data = np.bincount(grp, weights=data)
        rows, cols = rows[first], cols[first]
    counts = np.bincount(rows, minlength=n)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Weights(indptr, cols, data)


def from_neighbors(neighbors, weights=None, n=None) -> Weights:
    """CSR from a list of neighbour-index lists (optionally parallel weight lists; default 1)."""
    n = len(neighbors) if n is None else n
    rows = np.repeat(np.arange(len(neighbors)), [len(v) for v in neighbors])
    cols = np.array([j for v in neighbors for j in v], dtype=np.int64)
    if weights is None:
        data = np.ones(len(cols))
    else:
        data = np.array([w for v in weights for w in v], dtype=float)
    return from_coo(rows, cols, data, n)


def read_gal(path, ids=None):
    """Neighbour lists (0-based) from a GAL file; unit order = `ids` or order of appearance.

    Header is either "n" or "0 n name idvar"; then per unit a line "id k" and a line of k ids.
    """
    with open(path) as f:
        lines = [ln.split() for ln in f if ln.strip()]
    head = lines[0]
    n = int(head[0]) if len(head) == 1 else int(head[1])
    entries, pos = [], 1
    for _ in range(n):
        uid, k = lines[pos][0], int(lines[pos][1])
        nb = lines[pos + 1] if k else []
        pos += 2 if k else 1
        if k and len(nb) != k:
            raise ValueError(f"GAL unit {uid}: expected {k} neighbours")
        entries.append((uid, nb))
    order = [e[0] for e in entries] if ids is None else [str(i) for i in ids]
    index = {u: i for i, u in enumerate(order)}
    neigh = [[] for _ in order]
    for uid, nb in entries:
        neigh[index[uid]] = [index[v] for v in nb]
    return neigh


def lattice(nrows: int, ncols: int, rook: bool = False) -> Weights:
    """Binary queen (default) or rook lattice, id = row*ncols + col (libpysal lat2W)."""
    r, c = np.divmod(np.arange(nrows * ncols), ncols)
    rows, cols = [], []
    offs = [(-1, 0), (1, 0), (0, -1), (0, 1)]
    if not rook:
        offs += [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    for dr, dc in offs:
        rr, cc = r + dr, c + dc
        ok = (rr >= 0) & (rr < nrows) & (cc >= 0) & (cc < ncols)
        rows.append((r * ncols + c)[ok])
        cols.append((rr * ncols + cc)[ok])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    return from_coo(rows, cols, np.ones(len(rows)), nrows * ncols)


def distance_band(xy, threshold: float) -> Weights:
    """Binary distance band: j != i is a neighbour when |p_i - p_j| <= threshold."""
    xy = np.asarray(xy, dtype=float)
    try:
        from scipy.spatial import cKDTree

        pairs = cKDTree(xy).query_pairs(threshold, output_type="ndarray")
    except ImportError:  # pragma: no cover - O(n^2) fallback
        d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
        i, j = np.nonzero(np.triu(d <= threshold, 1))
        pairs = np.column_stack([i, j])
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return from_coo(rows, cols, np.ones(len(rows)), len(xy))


# --------------------------------------------------------------------------------------------
# Analytic statistics
# --------------------------------------------------------------------------------------------
def gi_star(x, W: Weights, star=True, self_weight=1.0):
    """Getis-Ord Gi* (star=True) or Gi (star=False): ArcGIS/spdep z plus esda's Gs/EGs/VGs/Zs.

    star=True: a unit without a stored diagonal gets w_ii = self_weight (esda/ArcGIS use 1 for
    binary weights); an existing diagonal is kept. star=False drops any diagonal.
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    if star:
        d = W.diagonal()
        Wu = W.with_diagonal(np.where(d != 0, d, self_weight)) if (d == 0).any() else W
    else:
        Wu = W.without_diagonal()
    Wi, S1 = Wu.row_sums(), Wu.row_sq_sums()
    lag = Wu.lag(x)
    tot, tot2 = x.sum(), (x * x).sum()
    if star:
        N = n
        mean = np.full(n, tot / n)
        var = np.full(n, tot2 / n - (tot / n) ** 2)
        denom_g = np.full(n, tot)
    else:
        N = n - 1
        mean = (tot - x) / N
        var = (tot2 - x * x) / N - mean ** 2
        denom_g = tot - x
    S = np.sqrt(var)
    z = (lag - mean * Wi) / (S * np.sqrt((N * S1 - Wi ** 2) / (N - 1)))
    Gs = lag / denom_g
    EGs = Wi / N
    VGs = Wi * (N - Wi) / (N - 1) / N ** 2 * var / mean ** 2
    Zs = (Gs - EGs) / np.sqrt(VGs)
    p1 = norm_sf(np.abs(z))
    return dict(z=z, p_norm_two_sided=2.0 * p1, p_norm_one_sided=p1, Gs=Gs, EGs=EGs, VGs=VGs,
                Zs_esda=Zs, Wi=Wi, S1i=S1, lag=lag, cardinality=Wu.cardinality(), weights=Wu,
                star=bool(star))


def _transform(W: Weights, transform):
    t = (transform or "o").lower()
    if t == "r":
        return W.row_standardize()
    if t == "b":
        return W.binary()
    return W


def local_moran(x, W: Weights, transform="r", b2="sum"):
    """Local Moran Is, quadrant q, total (EI, VI, Z_I) and conditional (EIc, VIc, Z_Ic) moments."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    Wt = _transform(W, transform)
    zc = x - x.mean()
    z = zc / x.std()
    lag = Wt.lag(z)
    den = (z * z).sum()
    Is = (n - 1) * z * lag / den
    zp, lp = z > 0, lag > 0
    q = np.where(zp, np.where(lp, 1, 4), np.where(lp, 2, 3))
    m2 = den / n
    wi, wi2 = Wt.row_sums(), Wt.row_sq_sums()
    EIc = -(z ** 2 * wi) / ((n - 1) * m2)
    VIc = (z / m2) ** 2 * (n / (n - 2)) * (wi2 - wi ** 2 / (n - 1)) * (m2 - z ** 2 / (n - 1))
    if b2 not in ("sum", "per_unit"):
        raise ValueError(b2)
    m4 = z ** 4 / n if b2 == "per_unit" else np.full(n, (z ** 4).sum() / n)
    kb2 = m4 / m2 ** 2
    n1 = n - 1
    EI = -wi / n1
    VI = wi2 * (n - kb2) / n1 + (wi ** 2 - wi2) * (2 * kb2 - n) / (n1 * (n - 2)) - (-wi / n1) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):  # z_i = 0 gives VIc = 0
        Z_I = (Is - EI) / np.sqrt(VI)
        Z_Ic = (Is - EIc) / np.sqrt(VIc)
    return dict(z=z, lag=lag, Is=Is, q=q, EI=EI, VI=VI, Z_I=Z_I, EIc=EIc, VIc=VIc, Z_Ic=Z_Ic,
                p_norm_two_sided=2.0 * norm_sf(np.abs(Z_I)),
                p_norm_c_two_sided=2.0 * norm_sf(np.abs(Z_Ic)), weights=Wt)


def cluster_labels(q, p, alpha=0.05):
    """esda Moran_Local.get_cluster_labels: quadrant name where p <= alpha, else 'Insignificant'."""
    names = np.array(["", "High-High", "Low-High", "Low-Low", "High-Low"], dtype=object)
    out = names[np.asarray(q)]
    out[~(np.asarray(p) <= alpha)] = "Insignificant"
    return out


def moran(x, W: Weights, transform="r", permutations=0, seed=None):
    """Global Moran's I with normality/randomisation moments; optional esda-style permutations.

    With permutations and an integer seed, draws numpy legacy RandomState(seed).permutation(z)
    `permutations` times (what esda.Moran does after np.random.seed(seed)).
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    Wt = _transform(W, transform)
    s0, s1, s2 = Wt.s0_s1_s2()
    z = x - x.mean()
    z2ss = (z * z).sum()

    def calc(v):
        return n / s0 * (v * Wt.lag(v)).sum() / z2ss

    I = calc(z)
    EI = -1.0 / (n - 1)
    n2, s02 = n * n, s0 * s0
    VI_norm = (n2 * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - (1.0 / (n - 1)) ** 2
    k = ((z ** 4).sum() / n) / ((z ** 2).sum() / n) ** 2
    A = n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02)
    B = k * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02)
    VI_rand = (A - B) / ((n - 1) * (n - 2) * (n - 3) * s02) - EI * EI
    z_norm = (I - EI) / VI_norm ** 0.5
    z_rand = (I - EI) / VI_rand ** 0.5
    out = dict(I=I, EI=EI, VI_norm=VI_norm, seI_norm=VI_norm ** 0.5, z_norm=z_norm,
               p_norm_two_sided=2.0 * float(norm_sf(abs(z_norm))), VI_rand=VI_rand,
               seI_rand=VI_rand ** 0.5, z_rand=z_rand,
               p_rand_two_sided=2.0 * float(norm_sf(abs(z_rand))), s0=s0, s1=s1, s2=s2, n=n)
    if permutations:
        rs = np.random.RandomState(seed)
        sim = np.array([calc(rs.permutation(z)) for _ in range(permutations)])
        larger = int((sim >= I).sum())
        if permutations - larger < larger:
            larger = permutations - larger
        EI_sim, seI_sim = sim.sum() / permutations, sim.std()
        z_sim = (I - EI_sim) / seI_sim
        out.update(sim=sim, p_sim_directed=(larger + 1.0) / (permutations + 1.0), EI_sim=EI_sim,
                   seI_sim=seI_sim, z_sim=z_sim, p_z_sim_one_sided=float(norm_sf(abs(z_sim))))
    return out


def _pairwise(a, lo, n):
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    if n <= 128:
        r = list(a[lo:lo + 8])
        i = 8
        while i < n - (n % 8):
            for j in range(8):
                r[j] += a[lo + i + j]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            res += a[lo + i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return _pairwise(a, lo, n2) + _pairwise(a, lo + n2, n - n2)


def numpy_sum_reference(a) -> float:
    """Bit-exact model of np.sum for a contiguous float64 vector (numpy 1.24, x86-64).

    acc = 0; for each block of 8192 elements: acc += pairwise(block), where pairwise(n) is a
    plain loop for n < 8, 8 interleaved accumulators combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
    plus a sequential tail for n <= 128, else pairwise(n2) + pairwise(n - n2) with
    n2 = n/2 rounded down to a multiple of 8. mean = sum/n; std = sqrt(sum((x-mean)^2)/n).
    Port this if esda's z-scores (and hence its tie-breaking) must be reproduced bit-for-bit.
    """
    a = [float(v) for v in np.asarray(a, dtype=float).ravel()]
    acc = 0.0
    for lo in range(0, len(a), 8192):
        acc += _pairwise(a, lo, min(8192, len(a) - lo))
    return acc


# --------------------------------------------------------------------------------------------
# Permutation table
# --------------------------------------------------------------------------------------------
def permutation_table(seed: int, n: int, permutations: int = 999, ncols=None) -> np.ndarray:
    """esda crand's table for `seed`: row k = RandomState(seed).permutation(n-1)[:ncols]."""
    rs = np.random.RandomState(seed)
    m = n - 1
    k = m if ncols is None else int(ncols)
    out = np.empty((permutations, k), dtype=np.int64)
    for r in range(permutations):
        out[r] = rs.permutation(m)[:k]
    return out


class _MT19937:
    """Reference Mersenne Twister (init_genrand; = C++ std::mt19937(seed)); spec check only."""

    def __init__(self, seed: int):
        mt = [0] * 624
        mt[0] = seed & 0xFFFFFFFF
        for i in range(1, 624):
            mt[i] = (1812433253 * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i) & 0xFFFFFFFF
        self.mt, self.idx = mt, 624

    def next32(self) -> int:
        if self.idx >= 624:
            mt = self.mt
            for i in range(624):
                y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7FFFFFFF)
                mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.idx = 0
        y = self.mt[self.idx]
        self.idx += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y & 0xFFFFFFFF

    def interval(self, mx: int) -> int:
        """Uniform on [0, mx] by masked rejection (numpy legacy random_interval, mx < 2^32)."""
        if mx == 0:
            return 0
        mask = mx
        for s in (1, 2, 4, 8, 16):
            mask |= mask >> s
        while True:
            v = self.next32() & mask
            if v <= mx:
                return v


def permutation_table_reference(seed: int, n: int, permutations: int, ncols=None):
    """Pure-python re-derivation of permutation_table (MT19937 + legacy shuffle); slow."""
    g = _MT19937(seed)
    m = n - 1
    k = m if ncols is None else int(ncols)
    out = np.empty((permutations, k), dtype=np.int64)
    for r in range(permutations):
        a = list(range(m))
        for i in range(m - 1, 0, -1):
            j = g.interval(i)
            a[i], a[j] = a[j], a[i]
        out[r] = a[:k]
    return out


# --------------------------------------------------------------------------------------------
# Conditional permutation engine
# --------------------------------------------------------------------------------------------
ALTERNATIVES = ("two-sided", "greater", "lesser", "directed", "percentile")


def _pct_numba(sorted_s, q):
    """Row-wise linear-interpolation percentile as numba's np.percentile (rank 1 + (R-1) q/100)."""
    m, R = sorted_s.shape
    q = np.asarray(q, dtype=float)
    rank = 1.0 + (R - 1) * (q / 100.0)
    f = np.floor(rank)
    frac = rank - f
    lo = np.clip(f.astype(np.int64) - 1, 0, R - 1)
    hi = np.clip(lo + 1, 0, R - 1)
    a = sorted_s[np.arange(m), lo]
    b = sorted_s[np.arange(m), hi]
    val = a * (1 - frac) + b * frac
    val = np.where(q == 100, sorted_s[:, -1], val)
    return np.where(q == 0, sorted_s[:, 0], val)


def _pct_numpy(sorted_s, q):
    """Row-wise np.percentile(..., method='linear') of numpy 1.24 (including its _lerp)."""
    m, R = sorted_s.shape
    pos = (np.asarray(q, dtype=float) / 100.0) * (R - 1)
    lo = np.floor(pos).astype(np.int64)
    lo = np.clip(lo, 0, R - 1)
    hi = np.clip(lo + 1, 0, R - 1)
    t = pos - lo
    a = sorted_s[np.arange(m), lo]
    b = sorted_s[np.arange(m), hi]
    diff = b - a
    return np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)


def _pvalues(sims, obs, percentile_rule="numba", key_sims=None, key_obs=None, percentile=True):
    """All p-values and simulation moments for a chunk: sims (m, R), obs (m,).

    Counts use (key_sims, key_obs) when given (an order-equivalent, tie-exact key), else the
    statistic values themselves; moments always use the statistic values.
    """
    m, R = sims.shape
    ks = sims if key_sims is None else key_sims
    ko = (obs if key_obs is None else key_obs)[:, None]
    ge = (ks >= ko).sum(1)
    le = (ks <= ko).sum(1)
    kmean = ks.mean(1)[:, None]
    fold = (np.abs(ks - kmean) >= np.abs(ko - kmean)).sum(1)
    directed = np.where(R - ge < ge, R - ge, ge)
    d = R + 1.0
    out = {
        "p_sim_two-sided": (fold + 1) / d,
        "p_sim_greater": (ge + 1) / d,
        "p_sim_lesser": (le + 1) / d,
        "p_sim_directed": (directed + 1) / d,
    }
    if percentile:
        pct = le / R * 100.0
        pl = np.minimum(pct, 100.0 - pct)
        srt = np.sort(ks, axis=1)
        pf = _pct_numba if percentile_rule == "numba" else _pct_numpy
        lo, hi = pf(srt, pl), pf(srt, 100.0 - pl)
        n_out = (ks <= lo[:, None]).sum(1) + (ks >= hi[:, None]).sum(1)
        out["p_sim_percentile"] = (n_out + 1) / d
    mean = sims.mean(1)
    sd = sims.std(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = (obs - mean) / sd
    out.update(expected_sim=mean, sd_sim=sd, z_sim=z_sim, p_z_sim=norm_sf(np.abs(z_sim)))
    return out


def conditional_permutation(stat, x, W: Weights, table=None, seed=None, permutations=999,
                            chunk=256, keep=False, percentile_rule=None, star=True,
                            transform="r", ties="esda", percentile=True):
    """Conditional randomisation p-values for 'gi' (Gi*/Gi) or 'moran' (Local Moran).

    stat='gi': W as for gi_star(x, W, star) (the weights the observed Gs uses, self included for
    star). stat='moran': W is transformed with `transform` as in local_moran. Either an explicit
    table (R x >= max c_i ints into the n-1 other values) or a seed (esda's table) is used.
    Works in chunks of units; never holds an n x R matrix unless keep=True.

    ties="esda": compare the floating statistics computed exactly as esda does (reproduces esda
    bit-for-bit, including how rounding breaks mathematically tied draws).
    ties="exact": rows must have equal off-diagonal weights (binary / row-standardised); draws are
    compared through the key sign_i * sum_j x_j (neighbour values summed in ascending order, so
    equal multisets give equal keys; exact for integer data). sign_i = +1 for Gi, sign(z_i) for
    Local Moran. Moments (expected_sim, sd_sim, z_sim) are the same in both modes.
    percentile_rule: "numba" (esda with numba: lo*(1-m) + hi*m at rank 1 + (R-1) q/100) or
    "numpy" (np.percentile linear, a + (b-a) t; exact when a == b); default numba for
    ties="esda", numpy for ties="exact". They differ only when interpolating between tied sims.
    Returns dict of (n,) arrays (keys of _pvalues) plus 'obs', 'cardinality' and, if keep, 'sims'.
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    if ties not in ("esda", "exact"):
        raise ValueError(ties)
    if stat == "gi":
        g = gi_star(x, W, star=star)
        Wu, v = g["weights"], x
        obs = g["Gs"]
        tot = x.sum()
        sign = np.ones(n)
    elif stat == "moran":
        lm = local_moran(x, W, transform=transform)
        Wu, v = lm["weights"], lm["z"]
        obs = lm["Is"]
        scaling = (n - 1) / (v * v).sum()
        sign = np.sign(v)
    else:
        raise ValueError(stat)
    selfw = Wu.diagonal()
    off = Wu.without_diagonal()
    card = np.diff(off.indptr)
    kmax = int(card.max()) if n else 0
    if percentile_rule is None:
        percentile_rule = "numba" if ties == "esda" else "numpy"
    if ties == "exact":
        # integer data with |sum| < 2^53: every neighbour sum is exact in any order
        integral = bool(np.all(x == np.round(x)) and np.abs(x).sum() < 2.0 ** 53)
        rmax = np.full(n, -np.inf)
        np.maximum.at(rmax, off.rows, off.data)
        if len(off.data) and (np.any(off.data != rmax[off.rows]) or (off.data <= 0).any()):
            raise ValueError('ties="exact" needs equal positive off-diagonal weights per row')
        # observed key: neighbour x values in ascending order, summed sequentially
        nb = np.full((n, max(kmax, 1)), np.inf)
        pos_all = np.arange(len(off.indices)) - off.indptr[off.rows]
        nb[off.rows, pos_all] = x[off.indices]
        nb.sort(axis=1)
        key_obs_all = np.zeros(n)
        for j in range(kmax):
            key_obs_all = key_obs_all + np.where(np.isinf(nb[:, j]), 0.0, nb[:, j])
        key_obs_all = sign * key_obs_all
    if table is None:
        if seed is None:
            raise ValueError("give a table or a seed")
        table = permutation_table(seed, n, permutations, ncols=max(kmax, 1))
    table = np.asarray(table, dtype=np.int64)
    R = table.shape[0]
    if table.shape[1] < kmax:
        raise ValueError(f"table has {table.shape[1]} columns, need >= {kmax}")
    T = table[:, :kmax]
    vcur, vnext = v[T], v[np.minimum(T + 1, n - 1)]  # (R, kmax) gathers shared by all units
    if ties == "exact":
        xcur, xnext = x[T], x[np.minimum(T + 1, n - 1)]
    results = {}
    sims_all = np.empty((n, R)) if keep else None
    for start in range(0, n, chunk):
        u = np.arange(start, min(n, start + chunk))
        m = len(u)
        k = int(card[u].max()) if m else 0
        acc = np.zeros((m, R))
        cnt = card[u]
        if k:
            # padded neighbour weights (m, k): zeros beyond c_i add exactly 0.0
            wpad = np.zeros((m, k))
            pos = off.indptr[u][:, None] + np.arange(k)[None, :]
            valid = np.arange(k)[None, :] < cnt[:, None]
            wpad[valid] = off.data[pos[valid]]
            fast_keys = ties == "exact" and integral
            if fast_keys:
                ks = np.zeros((m, R))
            for j in range(k):  # sequential sum over neighbours in draw order, as esda
                # value at position t of the n-1 values with unit u removed: v[t] or v[t+1]
                shifted = T[None, :, j] >= u[:, None]
                vals = np.where(shifted, vnext[None, :, j], vcur[None, :, j])
                acc = acc + wpad[:, j:j + 1] * vals
                if fast_keys:
                    xj = np.where(shifted, xnext[None, :, j], xcur[None, :, j])
                    ks = ks + np.where((j < cnt)[:, None], xj, 0.0)
        if stat == "gi":
            if star:
                sims = (acc + (selfw[u] * v[u])[:, None]) / tot
            else:
                sims = acc / (tot - v[u])[:, None]
        else:
            vi = v[u][:, None]
            sims = vi * (acc + selfw[u][:, None] * vi) * scaling
        if not (ties == "exact" and integral and k):
            ks = None
        ko = None
        if ties == "exact":
            ko = key_obs_all[u]
            if k and integral:
                ks = sign[u][:, None] * ks
            elif k:
                xv = np.where(T[None, :, :k] >= u[:, None, None], xnext[None, :, :k],
                              xcur[None, :, :k])
                # canonical (ascending) order, padding last: equal multisets give equal sums
                xv = np.where(np.arange(k)[None, None, :] < cnt[:, None, None], xv, np.inf)
                xv.sort(axis=2)
                xv[np.isinf(xv)] = 0.0
                ks = np.zeros((m, R))
                for j in range(k):
                    ks = ks + xv[:, :, j]
                ks = sign[u][:, None] * ks
            else:
                ks = np.zeros((m, R))
        part = _pvalues(sims, obs[u], percentile_rule, ks, ko, percentile)
        for key, val in part.items():
            results.setdefault(key, np.empty(n))[u] = val
        if keep:
            sims_all[u] = sims
    results["obs"] = obs
    results["cardinality"] = card
    if keep:
        results["sims"] = sims_all
    return results


# --------------------------------------------------------------------------------------------
# Multiple testing and bins
# --------------------------------------------------------------------------------------------
def fdr(pvalues, alpha=0.05) -> float:
    """esda.fdr: Benjamini-Hochberg p cut-off (significant iff p < cut-off); alpha/n if none."""
    p = np.asarray(pvalues, dtype=float)
    n = len(p)
    p_sort = np.sort(p)[::-1]
    p_fdr = np.arange(n, 0, -1) * alpha / n
    hit = np.nonzero(p_sort < p_fdr)[0]
    return float(alpha / n) if len(hit) == 0 else float(p_fdr[hit[0]])


def gi_bin(z, p, use_fdr=False, levels=(0.01, 0.05, 0.10)):
    """ArcGIS Gi_Bin in -3..3: sign(z) * confidence level (99/95/90 %) of the two-sided p."""
    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    cut = [fdr(p, a) if use_fdr else a for a in levels]
    level = np.where(p < cut[0], 3, np.where(p < cut[1], 2, np.where(p < cut[2], 1, 0)))
    return (np.sign(z) * level).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Small readers for the reference data
# --------------------------------------------------------------------------------------------
def read_dbf(path) -> dict:
    """Minimal dBASE III reader: {field: list}; N/F fields as float, others as stripped str."""
    with open(path, "rb") as f:
        raw = f.read()
    nrec = int.from_bytes(raw[4:8], "little")
    hlen = int.from_bytes(raw[8:10], "little")
    rlen = int.from_bytes(raw[10:12], "little")
    fields, pos = [], 32
    while raw[pos] != 0x0D:
        name = raw[pos:pos + 11].split(b"\0")[0].decode("ascii")
        ftype = chr(raw[pos + 11])
        flen = raw[pos + 16]
        fields.append((name, ftype, flen))
        pos += 32
    out = {name: [] for name, _, _ in fields}
    for r in range(nrec):
        rec = raw[hlen + r * rlen: hlen + (r + 1) * rlen]
        off = 1  # deletion flag
        for name, ftype, flen in fields:
            s = rec[off:off + flen].decode("latin-1").strip()
            off += flen
            if ftype in "NF":
                out[name].append(float(s) if s else float("nan"))
            else:
                out[name].append(s)
    return out
