#!/usr/bin/env bash
# The sanitizer run (ASan + UBSan, GCC): builds build-asan/ with WATCHMAP_SANITIZE=ON, then runs the
# C++ tests and the Python suite against that build. Called by scripts/test.sh.
#
# Python is /usr/bin/python3 (not instrumented) with the ASan runtime preloaded and the instrumented
# watchmap._core staged in build-asan/python/watchmap/ (the other package files are symlinks to
# python/watchmap/). CPython never frees some of its own allocations at exit, so leak detection is
# off for Python (detect_leaks=0) and on for the C++ tests, with the suppressions of
# tests/lsan.supp (each with its reason). UBSan findings abort, so a test fails on them.
#
# The Python suite runs in the instrumented process, except the tests marked `children` (their
# work happens in child processes: notebooks, the CLI, the Ctrl-C subprocesses). The child processes other tests start
# (`python -m watchmap`, notebook kernels, Chromium, PostgreSQL) run the normal build without the
# preload (tests/python/conftest.py), as Chromium and PostgreSQL do not start under it. The ASan
# runtime is preloaded with libstdc++ so that its __cxa_throw interceptor finds the real one when
# a C++ library loaded later (libspatialindex through rtree) throws.
#
# Env: WATCHMAP_ASAN_BUILD_DIR (default build-asan), WATCHMAP_JOBS (default nproc).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WATCHMAP_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${WATCHMAP_JOBS:-$(nproc 2>/dev/null || echo 2)}
python=/usr/bin/python3
start=$(date +%s)

if [ ! -f "$build/CMakeCache.txt" ]; then
  # -O1 with line tables only: half the compile time of -O2 -g for the same reports.
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
        -DWATCHMAP_SANITIZE=ON \
        -DPython_EXECUTABLE="$python" -DWATCHMAP_PYTHON_OUTPUT_DIR="$build/python/watchmap" >/dev/null
fi
if ! cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1; then
  grep -E -A5 'error|Error' "$build/build.log" | head -n 60 >&2 || tail -n 40 "$build/build.log" >&2
  echo "sanitize: build failed (full log: $build/build.log)" >&2
  exit 1
fi
# The package as Python sees it: our sources, the instrumented extension.
pkg=$build/python/watchmap
for entry in "$root"/python/watchmap/*; do
  name=$(basename "$entry")
  case $name in _core*.so|__pycache__) continue ;; esac
  ln -sfn "$entry" "$pkg/$name"
done
echo "== sanitizer build ready in $(($(date +%s) - start)) s"

export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
status=0
t=$(date +%s)
echo "== C++ tests under ASan+UBSan"
# Install.*: builds a consumer without the sanitizer flags against the instrumented library (a
# check of the install tree, run by the normal build).
ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  ctest --test-dir "$build" -j "$jobs" -E '^Install\.' --output-on-failure || status=1
echo "== C++ tests: $(($(date +%s) - t)) s"

t=$(date +%s)
echo "== Python tests under ASan+UBSan"
cd "$root"
LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libstdc++.so)" \
  ASAN_OPTIONS="detect_leaks=0" PYTHONPATH="$build/python" WATCHMAP_SANITIZED_RUN="$pkg" \
  "$python" -m pytest tests/python -q -p no:cacheprovider -m "not children" "$@" || status=1
echo "== Python tests: $(($(date +%s) - t)) s; sanitizer run total $(($(date +%s) - start)) s"
exit $status
