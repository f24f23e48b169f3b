#!/usr/bin/env bash
# The whole test suite: set up (install, build), then every C++ test (ctest) and every Python test
# (pytest, which also executes the notebooks in examples/), then the same C++ and Python tests
# against an ASan+UBSan build (scripts/sanitize.sh) and a short run of each libFuzzer target
# (scripts/fuzz.sh). Exit status is non-zero on any failure. WATCHMAP_SKIP_SANITIZERS=1 stops after
# the normal tests (a quick local run; CI runs everything).
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
echo "== normal build's tests done at $(($(date +%s) - start)) s"
if [ "${WATCHMAP_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash "$root/scripts/sanitize.sh" || status=1
  bash "$root/scripts/fuzz.sh" || status=1
fi
echo "== total $(($(date +%s) - start)) s"
exit $status
