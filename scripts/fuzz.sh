#!/usr/bin/env bash
# libFuzzer targets (tests/fuzz/: CSV decimals, WKB, polygon repair, raster headers): builds
# build-fuzz/ with clang and WATCHMAP_FUZZ=ON (the whole library instrumented, ASan+UBSan), then runs
# each target for FUZZ_SECONDS seconds (default 25) from its committed seed corpus, with a fixed
# libFuzzer seed. Called by scripts/test.sh; `FUZZ_SECONDS=600 bash scripts/fuzz.sh` is the long run.
# Non-zero exit on any crash, sanitizer report, leak, timeout (10 s per input) or memory blow-up
# (2 GB); the offending input is kept in build-fuzz/artifacts/<target>/ and the log names it.
# Reproduce one: build-fuzz/tests/fuzz/fuzz_<target> <input>. A found input that is fixed belongs
# in tests/fuzz/corpus/<target>/ as regress_<what> (and a unit test).
#
# Env: FUZZ_SECONDS (default 25), FUZZ_TARGETS (default all four), WATCHMAP_FUZZ_BUILD_DIR
# (default build-fuzz), FUZZ_KEEP_CORPUS=1 keeps what the fuzzers learn in build-fuzz/corpus/ for
# the next run (default: a fresh copy of the seeds each time).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WATCHMAP_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${WATCHMAP_JOBS:-$(nproc 2>/dev/null || echo 2)}
seconds=${FUZZ_SECONDS:-25}
targets=(${FUZZ_TARGETS:-decimal wkb make_valid raster_header})
start=$(date +%s)

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (scripts/setup.sh installs clang)" >&2; exit 1; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWATCHMAP_FUZZ=ON \
    -DWATCHMAP_BUILD_PYTHON=OFF -DWATCHMAP_BUILD_TESTS=OFF >/dev/null
fi
if ! cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1; then
  grep -E -A5 'error|Error' "$build/build.log" | head -n 60 >&2 || tail -n 40 "$build/build.log" >&2
  echo "fuzz: build failed (full log: $build/build.log)" >&2
  exit 1
fi
echo "== fuzz targets built in $(($(date +%s) - start)) s; ${seconds} s each"

export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
status=0
for target in "${targets[@]}"; do
  art=$build/artifacts/$target
  mkdir -p "$art"
  if [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ]; then
    work=$build/corpus/$target
  else
    work=$(mktemp -d)
  fi
  mkdir -p "$work"
  log=$build/fuzz_$target.log
  if "$build/tests/fuzz/fuzz_$target" -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$art/" "$work" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    echo "fuzz_$target: ok, $runs inputs in $seconds s, corpus $(ls "$work" | wc -l) inputs"
  else
    status=1
    echo "fuzz_$target: FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|Test unit written|what\(\)' "$log" | head -n 8 | sed 's/^/  /'
  fi
  [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ] || rm -rf "$work"
done
echo "== fuzzing total $(($(date +%s) - start)) s"
exit $status
