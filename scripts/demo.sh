#!/usr/bin/env bash
# The main job on the built-in demo district: set up, then write the district's files and report.
# Usage: scripts/demo.sh [OUT_DIR]   (default out/demo)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
out=${1:-$root/out/demo}
PYTHONPATH="$root/python" /usr/bin/python3 -m watchmap report --demo --out "$out"
