#!/usr/bin/env bash
# Makes this checkout usable on Debian 12: installs the missing Debian packages (only those),
# configures with /usr/bin/python3, builds the C++ library, tests and the Python module, and makes
# `import watchmap` work for /usr/bin/python3 (and Jupyter) through a .pth file in the user's
# site-packages. Idempotent: when everything is present it only runs an incremental build.
#
# Env: WATCHMAP_BUILD_DIR (default build), WATCHMAP_JOBS (default nproc), WATCHMAP_NO_PTH=1 to skip
# the .pth file (the scripts set PYTHONPATH themselves).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WATCHMAP_BUILD_DIR:-$root/build}
jobs=${WATCHMAP_JOBS:-$(nproc 2>/dev/null || echo 2)}
python=/usr/bin/python3

packages=(
  build-essential cmake pkg-config
  libgdal-dev gdal-bin libgeos-dev libeigen3-dev pybind11-dev libnanoflann-dev libgtest-dev libbenchmark-dev
  python3-dev python3-numpy python3-pandas python3-matplotlib python3-geopandas python3-shapely python3-pyproj
  python3-scipy python3-sklearn python3-skimage python3-rtree python3-pytest python3-hypothesis
  python3-nbclient python3-nbformat python3-ipykernel python3-setuptools python3-pip python3-venv python3-mypy
  libjs-leaflet chromium poppler-utils python3-websocket fonts-dejavu-core
  python3-gdal postgresql-15-postgis-3
  coinor-libcbc-dev coinor-cbc python3-pulp
  clang libclang-rt-14-dev libomp-14-dev locales
)

t_start=$(date +%s)
missing=()
installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null || true)
for p in "${packages[@]}"; do
  grep -qE "^$p ii" <<<"$installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q >/dev/null
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

t_packages=$(date +%s)
if [ ! -f "$build/CMakeCache.txt" ] || ! grep -q "^Python_EXECUTABLE:FILEPATH=$python$" "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE="$python" >/dev/null
fi
if ! cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1; then
  grep -E -A5 'error|Error' "$build/build.log" | head -n 80 >&2 || tail -n 60 "$build/build.log" >&2
  echo "setup: build failed (full log: $build/build.log)" >&2
  exit 1
fi
grep -E 'warning:' "$build/build.log" | grep -v 'lto-wrapper' | head -n 20 || true
echo "setup: packages $((t_packages - t_start)) s, configure + build $(($(date +%s) - t_packages)) s"

# An "editable install": the package directory holds the freshly built _core module.
if [ "${WATCHMAP_NO_PTH:-0}" != 1 ]; then
  site=$("$python" -c 'import site; print(site.getusersitepackages())')
  if [ "$(cat "$site/watchmap-dev.pth" 2>/dev/null)" != "$root/python" ]; then
    mkdir -p "$site" && echo "$root/python" >"$site/watchmap-dev.pth"
    echo "setup: 'import watchmap' now finds $root/python (via $site/watchmap-dev.pth)"
  fi
fi
PYTHONPATH="$root/python" "$python" -c 'import watchmap' || { echo "setup: import watchmap failed" >&2; exit 1; }
