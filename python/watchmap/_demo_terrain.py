"""Synthetic outline, valleys and DEM for the demo district (private to ``watchmap.datasets``).

Everything is in EPSG:32648 metres and built with vectorised numpy from one ``numpy.random.Generator``
so that a seed fixes the result. The outline is a smooth polar blob, not a real boundary: real
administrative boundaries may not be shipped with the library.
"""
from __future__ import annotations

import numpy as np

from ._core import Grid, PointSet, PolygonSet, Raster

CRS = "EPSG:32648"
CENTRE_LONLAT = (105.85, 22.20)   # Bạch Thông, Bắc Kạn
AREA_M2 = 547.0e6
CELL_M = 30.0
MARGIN_M = 1000.0


def centre_utm() -> tuple:
    p = PointSet([CENTRE_LONLAT[0]], [CENTRE_LONLAT[1]], crs="EPSG:4326").to_crs(CRS)
    return float(p.x[0]), float(p.y[0])


class Outline:
    """r(θ) = ellipse(θ) · exp(Σ a_k cos(kθ + φ_k)), scaled so the polygon covers exactly AREA_M2.

    A polar blob is star-shaped around its centre, so the polygon is always simple and a point test
    is one comparison of radii (used for sampling; the margin absorbs chord-vs-curve differences).
    """

    def __init__(self, rng: np.random.Generator, cx: float, cy: float, vertices: int = 720):
        self.cx, self.cy = cx, cy
        self.k = np.arange(2, 8)
        theta = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
        # redraw until the blob is ~40 km × 24 km and stays inside the district's real lon/lat box
        for _ in range(500):
            self.aspect = rng.uniform(1.6, 1.8)             # E–W elongation
            self.amp = rng.uniform(0.4, 1.0, self.k.size) * 0.16 / self.k ** 0.9
            self.phase = rng.uniform(0.0, 2.0 * np.pi, self.k.size)
            self.scale = 1.0
            r = self.radius(theta)                           # shoelace on centred coordinates
            x, y = r * np.cos(theta), r * np.sin(theta)
            self.scale = np.sqrt(AREA_M2 / (0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)))
            x, y = self.scale * x, self.scale * y
            if (36e3 <= np.ptp(x) <= 41e3 and 21e3 <= np.ptp(y) <= 25e3 and np.abs(x).max() < 20.3e3
                    and -12e3 < y.min() and y.max() < 12.8e3):
                break
        self.x, self.y = cx + x, cy + y

    def radius(self, theta):
        theta = np.asarray(theta, dtype=float)
        ellipse = 1.0 / np.sqrt((np.cos(theta) / self.aspect) ** 2 + np.sin(theta) ** 2)
        wobble = np.exp(np.sum(self.amp[:, None] * np.cos(self.k[:, None] * theta.ravel() + self.phase[:, None]),
                               axis=0)).reshape(theta.shape)
        return self.scale * ellipse * wobble

    def contains(self, x, y, margin_m: float = 30.0):
        dx, dy = np.asarray(x) - self.cx, np.asarray(y) - self.cy
        return np.hypot(dx, dy) < self.radius(np.arctan2(dy, dx)) - margin_m

    def polygon(self) -> PolygonSet:
        # GeoArrow layout, one closed counter-clockwise ring (θ increases anticlockwise)
        x = np.append(self.x, self.x[0])
        y = np.append(self.y, self.y[0])
        return PolygonSet(x, y, [0, x.size], [0, 1], [0, 1], crs=CRS)


class Valleys:
    """One main E–W valley y = f(x) and three side valleys x = g_k(y) that leave it to one side.

    Curves are sums of sines, so distances are cheap: |y − f(x)| / sqrt(1 + f'(x)²) for the main
    valley, |x − g(y)| for the side ones. The valley lines double as the roads incidents follow.
    """

    def __init__(self, rng: np.random.Generator, outline: Outline):
        self.o = outline
        self.off = rng.uniform(-1500.0, 1500.0)
        self.a = np.array([rng.uniform(1500, 2500), rng.uniform(500, 900)])
        self.wl = np.array([rng.uniform(30e3, 45e3), rng.uniform(9e3, 14e3)])
        self.ph = rng.uniform(0, 2 * np.pi, 2)
        self.x_range = (outline.x.min(), outline.x.max())
        half = 0.5 * (self.x_range[1] - self.x_range[0])
        self.side_x = outline.cx + np.array([-0.55, 0.0, 0.5]) * half + rng.uniform(-2500, 2500, 3)
        self.side_sign = rng.permutation([1.0, -1.0, 1.0 if rng.random() < 0.5 else -1.0])
        self.side_len = rng.uniform(6000, 11000, 3)
        self.side_amp = rng.uniform(300, 900, 3)
        self.side_wl = rng.uniform(6e3, 12e3, 3)
        self.side_ph = rng.uniform(0, 2 * np.pi, 3)

    def main_y(self, x):
        t = 2 * np.pi * (np.asarray(x) - self.o.cx)
        return self.o.cy + self.off + sum(a * np.sin(t / w + p) for a, w, p in zip(self.a, self.wl, self.ph))

    def main_slope(self, x):
        t = 2 * np.pi * (np.asarray(x) - self.o.cx)
        return sum(a * 2 * np.pi / w * np.cos(t / w + p) for a, w, p in zip(self.a, self.wl, self.ph))

    def side_x_at(self, k: int, y):
        y0 = self.main_y(self.side_x[k])
        return self.side_x[k] + self.side_amp[k] * np.sin(2 * np.pi * (np.asarray(y) - y0) / self.side_wl[k]
                                                          + self.side_ph[k]) - self.side_amp[k] * np.sin(self.side_ph[k])

    def floor_main(self, x):
        # the river runs east to west here: floor 150 m at the west edge, ~220 m at the east edge
        lo, hi = self.x_range
        return 150.0 + 70.0 * np.clip((np.asarray(x) - lo) / (hi - lo), 0.0, 1.0)

    def sample_roads(self, rng: np.random.Generator, n: int, sd_m: float = 120.0):
        """n points scattered around the valley lines (main valley 60 %, side valleys 40 %)."""
        which = rng.choice(4, size=n, p=[0.6, 0.4 / 3, 0.4 / 3, 0.4 / 3])
        x = rng.uniform(*self.x_range, n)
        y = self.main_y(x)
        for k in range(3):
            m = which == k + 1
            u = rng.uniform(0.0, self.side_len[k], m.sum())
            y[m] = self.main_y(self.side_x[k]) + self.side_sign[k] * u
            x[m] = self.side_x_at(k, y[m])
        return x + rng.normal(0, sd_m, n), y + rng.normal(0, sd_m, n)


def _bspline_weights(coords: np.ndarray, spacing: float):
    """Dense (len(coords) × knots) matrix of uniform cubic B-spline weights: C²-smooth noise."""
    t = (coords - coords.min()) / spacing + 1.0
    i = np.floor(t).astype(int)
    f = t - i
    w = np.stack([(1 - f) ** 3, 3 * f ** 3 - 6 * f ** 2 + 4, -3 * f ** 3 + 3 * f ** 2 + 3 * f + 1, f ** 3]) / 6.0
    m = np.zeros((coords.size, i.max() + 3))
    rows = np.arange(coords.size)
    for j in range(4):
        m[rows, i - 1 + j] += w[j]
    return m


def _noise(rng, xs, ys, spacing):
    """Smooth value noise on the grid: My · V · Mxᵀ (separable, so two matrix products per octave)."""
    mx, my = _bspline_weights(xs, spacing), _bspline_weights(ys, spacing)
    v = rng.standard_normal((my.shape[1], mx.shape[1]))
    return my @ v @ mx.T


def _unit(a):
    return (a - a.min()) / (a.max() - a.min())


def make_dem(rng: np.random.Generator, outline: Outline, valleys: Valleys) -> Raster:
    grid = Grid.covering(outline.polygon(), CELL_M, margin_m=MARGIN_M)
    xs, ys = np.asarray(grid.x_centers), np.asarray(grid.y_centers)
    X, Y = xs[None, :], ys[:, None]

    # hills: fractal noise plus a ridged octave pair (sharp crests), 8 km down to 250 m features
    fbm = sum(0.62 ** o * _noise(rng, xs, ys, 8000.0 / 2 ** o) for o in range(6))
    ridged = 1.0 - np.abs(_noise(rng, xs, ys, 5000.0) + 0.5 * _noise(rng, xs, ys, 2500.0)) / 1.5
    hills = _unit(0.6 * _unit(fbm) + 0.4 * np.clip(ridged, 0, 1))
    # three massifs inside the district, away from the main valley, carry the highest crests
    massif, centres = np.zeros_like(hills), []
    for _ in range(3):
        for _ in range(500):
            mx, my = rng.uniform(outline.x.min(), outline.x.max()), rng.uniform(outline.y.min(), outline.y.max())
            if (outline.contains(mx, my, 2000.0) and abs(my - valleys.main_y(mx)) > 4500.0
                    and all(np.hypot(mx - a, my - b) > 10e3 for a, b in centres)):
                break
        centres.append((mx, my))
        massif = np.maximum(massif, np.exp(-((X - mx) ** 2 + (Y - my) ** 2) / (2 * rng.uniform(2.5e3, 4e3) ** 2)))
    hills = hills * (0.4 + 0.6 * massif)

    # main valley: a trough whose floor rises eastwards, with a narrow flat bottom
    d_main = np.abs(Y - valleys.main_y(xs)[None, :]) / np.sqrt(1 + valleys.main_slope(xs) ** 2)[None, :]
    floor = np.broadcast_to(valleys.floor_main(xs)[None, :], d_main.shape).copy()
    carve = np.exp(-(d_main / 700.0) ** 2)
    relief = 0.3 + 0.7 * (1 - np.exp(-(d_main / 3000.0) ** 2))

    # side valleys, each going away from the main valley on its own side, floors climbing 12 m/km
    for k in range(3):
        u = valleys.side_sign[k] * (Y - valleys.main_y(valleys.side_x[k]))
        along = np.clip(u / 600.0 + 1, 0, 1) * np.clip((valleys.side_len[k] + 2500.0 - u) / 2500.0, 0, 1)
        d_side = np.abs(X - valleys.side_x_at(k, ys)[:, None])
        c = np.exp(-(d_side / 450.0) ** 2) * along
        f = valleys.floor_main(valleys.side_x[k]) + 0.012 * np.clip(u, 0, None)
        floor = np.where(c > carve, f, floor)
        relief = np.minimum(relief, 1 - 0.6 * along * np.exp(-(d_side / 2000.0) ** 2))
        carve = np.maximum(carve, c)

    top = rng.uniform(950.0, 1040.0)                      # highest crest of the district
    hills = 260.0 + (top - 260.0) * hills * relief
    h = floor * carve + np.maximum(hills, floor) * (1 - carve)
    h = 150.0 + (h - 150.0) * (top - 150.0) / (h.max() - 150.0)
    # held at float32 precision so the in-memory DEM equals what dem.tif reads back
    return Raster(np.ascontiguousarray(h.astype(np.float32).astype(np.float64)), grid)
