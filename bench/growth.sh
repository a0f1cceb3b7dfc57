#!/usr/bin/env bash
# Point and list latency as the register grows (issue 3 and 5): runs
# bench/run.sh at 1,000, 25,000 and 250,000 schools. Flat figures mean the
# routes stay on their indexes.
#
#   [SPP=path/to/spp] bench/growth.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5}
for rows in 1000 25000 250000; do
  echo "== $rows schools"
  bench/run.sh --rows "$rows" --duration "$duration"
done
