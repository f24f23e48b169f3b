#!/usr/bin/env bash
# The whole test suite: set up (install, build), then every C++ test (ctest) and every Python test
# (pytest, which also executes the notebooks in examples/). Exit status is non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WATCHMAP_BUILD_DIR:-$root/build}
start=$(date +%s)
"$root/scripts/setup.sh"
echo "== build ready in $(($(date +%s) - start)) s"
status=0
echo "== C++ tests (ctest)"
ctest --test-dir "$build" -j "$(nproc 2>/dev/null || echo 2)" --output-on-failure || status=1
echo "== Python tests and notebooks (pytest)"
cd "$root"
PYTHONPATH="$root/python" /usr/bin/python3 -m pytest tests/python -q -p no:cacheprovider "$@" || status=1
echo "== total $(($(date +%s) - start)) s"
exit $status
