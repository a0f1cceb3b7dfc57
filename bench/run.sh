#!/usr/bin/env bash
# Our own repeatable benchmark: builds release, loads N synthetic GIAS schools,
# starts the server and measures /healthz and database-backed routes with wrk.
#
#   [SPP=path/to/spp] bench/run.sh [--rows 25000] [--duration 10] [--connections 64]
#
# Needs wrk (apt-get install -y wrk). Quote ratios from one run: these 2-core
# machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=25000; duration=10; connections=64
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

source bench/server.sh
shared_bench=../shared/bench
python3 "$shared_bench/make_schools_csv.py" --rows "$rows" > "$work/schools.csv"

start=$(date +%s.%N)
"$spp" import-schools --db "$work/spp.sqlite" "$work/schools.csv" >/dev/null
end=$(date +%s.%N)
printf 'import of %s rows: %.2f s\n' "$rows" "$(echo "$end - $start" | bc)"
key=$("$spp" keys create --db "$work/spp.sqlite" --role admin --name bench | tail -n 1)
urn=$(sed -n 2p "$work/schools.csv" | cut -d, -f1)

port=18080
start_server $port SPP_RATE_LIMIT=0

run() {
  local name=$1; shift
  printf '%-28s ' "$name"
  wrk -t1 -c"$connections" -d"${duration}s" --latency "$@" 2>/dev/null \
    | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} END {printf "%10s req/s  p50 %8s  p99 %8s\n", rps, p50, p99}'
}
run "GET /healthz" "http://127.0.0.1:$port/healthz"
run "GET /v1/schools/{urn}" -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/schools/$urn"
run "GET /v1/schools?region=london" -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/schools?region=london&limit=50"
